import { Client, Pool } from 'pg';
import { runMigrations } from '../../libs/database/src/migrations-runner';

export const DEFAULT_BENCH_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard_bench';

/**
 * The bench database: created if missing (through the server's `postgres` database), migrated
 * with the service's own migrations, and opened as its owner for seeding.
 */
export async function prepareDatabase(url: string, log: (line: string) => void): Promise<{ pool: Pool; serverVersion: string }> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Bench database name "${name}" must be letters, digits and underscores`);

  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database "${name}"`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }

  const { applied } = await runMigrations(url);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'switchyard-bench-seed' });
  const { rows } = await pool.query<{ version: string }>('show server_version');
  return { pool, serverVersion: rows[0].version };
}
