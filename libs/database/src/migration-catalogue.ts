import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { MigrationInterface } from 'typeorm';
import checksums from './migration-checksums.json';

/**
 * The migrations are the files `migrations/<13-digit timestamp>-<Name>.ts`, found by their names,
 * so adding one edits no file that exists: a landed file in migrations/ is never edited.
 * (`migrations/index.ts` and `migrations/checksums.json` are the list and checksums as they stood
 * before the runner found migrations by name; they are kept unchanged, and a test checks they
 * still agree with this catalogue.)
 */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');

/**
 * The SHA-256 of each migration's source file, by migration name (`npm run migration:checksums`):
 * the runner records it with each applied migration and readiness refuses a database whose
 * record differs.
 */
export const MIGRATION_CHECKSUMS: Readonly<Record<string, string>> = checksums;

const MIGRATION_FILE = /^\d{13}-[A-Za-z][A-Za-z0-9]*$/;

export type MigrationClass = new () => MigrationInterface;

let catalogue: MigrationClass[] | undefined;

/** Every migration class, in timestamp order: the sources' `.ts` files, or `.js` in a build. */
export function migrationClasses(): MigrationClass[] {
  catalogue ??= readdirSync(MIGRATIONS_DIR)
    // This file's own extension: `.ts` where the sources run (tests, tools), `.js` in dist.
    .filter((file) => extname(file) === extname(__filename) && MIGRATION_FILE.test(file.slice(0, -extname(file).length)))
    .sort()
    .map((file) => migrationClassOf(file, require(join(MIGRATIONS_DIR, file)) as Record<string, unknown>));
  return catalogue;
}

function migrationClassOf(file: string, exports: Record<string, unknown>): MigrationClass {
  const classes = Object.values(exports).filter(
    (value): value is MigrationClass => typeof value === 'function' && typeof (value.prototype as { up?: unknown })?.up === 'function',
  );
  if (classes.length !== 1) throw new Error(`${file} must export exactly one migration class (it exports ${classes.length})`);
  return classes[0];
}
