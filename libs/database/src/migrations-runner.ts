import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { MIGRATION_CHECKSUMS } from './migration-catalogue';

/** An arbitrary constant: the advisory lock that keeps two replicas from migrating at once. */
const MIGRATION_LOCK_KEY = 7_240_001;

export interface MigrationReport {
  applied: string[];
}

/** Applies pending migrations, one transaction each, holding a cluster-wide advisory lock. */
export async function runMigrations(url: string): Promise<MigrationReport> {
  const dataSource = await new DataSource({ ...dataSourceOptions(url, { poolSize: 1 }), entities: [] }).initialize();
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    await recordChecksums(queryRunner);
    await queryRunner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}

/**
 * Stamps each applied migration that has no checksum yet with this build's: the ones just applied,
 * and (once) those applied before checksums were recorded.
 */
async function recordChecksums(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `update migrations m set checksum = c.checksum
     from jsonb_each_text($1::jsonb) as c(name, checksum) where m.name = c.name and m.checksum is null`,
    [JSON.stringify(MIGRATION_CHECKSUMS)],
  );
}

export interface MigrationState {
  /** Migrations of this build the database has not applied yet. */
  pending: string[];
  /** Applied migrations whose recorded checksum differs from this build's file: it was edited. */
  changed: string[];
}

/** How the database's migrations compare with this build's. Readiness fails unless both lists are empty. */
export async function migrationState(dataSource: DataSource): Promise<MigrationState> {
  const rows: Array<{ name: string; checksum: string | null }> = await dataSource.query('select name, checksum from migrations');
  const applied = new Map(rows.map((row) => [row.name, row.checksum]));
  const names = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  return {
    pending: names.filter((name) => !applied.has(name)),
    changed: names.filter((name) => {
      const recorded = applied.get(name);
      return recorded != null && recorded !== MIGRATION_CHECKSUMS[name];
    }),
  };
}
