/**
 * The checked-in list of migration checksums (libs/database/src/migration-checksums.json): `npm run migration:checksums`
 * adds the entries of new migration files and refuses to change an existing one (a landed
 * migration is never edited: fix forward with a new one). The migration test compares the list
 * with the files; the runner records each applied migration's checksum, readiness compares them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');
export const CHECKSUMS_FILE = join(__dirname, '..', 'libs', 'database', 'src', 'migration-checksums.json');

export interface MigrationFile {
  file: string;
  name: string;
  checksum: string;
}

export function migrationFiles(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{13}-[A-Za-z][A-Za-z0-9]*\.ts$/.test(file))
    .sort()
    .map((file) => {
      const source = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      const name = /\bname = '([A-Za-z0-9]+)'/.exec(source)?.[1];
      if (!name) throw new Error(`${file} declares no migration name`);
      return { file, name, checksum: createHash('sha256').update(source).digest('hex') };
    });
}

export function recordedChecksums(): Record<string, string> {
  return JSON.parse(readFileSync(CHECKSUMS_FILE, 'utf8')) as Record<string, string>;
}

if (require.main === module) {
  const recorded = recordedChecksums();
  const changed = migrationFiles().filter((migration) => recorded[migration.name] && recorded[migration.name] !== migration.checksum);
  if (changed.length > 0) {
    process.stderr.write(`Landed migrations were edited: ${changed.map((m) => m.file).join(', ')}. Restore them and add a new migration instead.\n`);
    process.exit(1);
  }
  const next = { ...recorded };
  for (const migration of migrationFiles()) next[migration.name] ??= migration.checksum;
  writeFileSync(CHECKSUMS_FILE, `${JSON.stringify(next, null, 2)}\n`);
  process.stdout.write(`${CHECKSUMS_FILE}: ${Object.keys(next).length} migrations\n`);
}
