import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

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
    await queryRunner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}

/** Names of migrations known to this build that the database has not applied yet. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query('select name from migrations');
  const applied = new Set(rows.map((row) => row.name));
  return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
}
