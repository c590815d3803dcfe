import { Client, Pool } from 'pg';

export const DEFAULT_BENCH_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchyard_bench';

/**
 * Creates the bench database if it is missing (through the server's `postgres` database).
 * The schema comes from the service itself: it applies its migrations at start
 * (runMigrations of libs/database), so the benchmarked build and its schema always match.
 */
export async function ensureDatabase(url: string, log: (line: string) => void): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
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
}

/** The owner's (superuser's) connections, for seeding: RLS does not filter them. */
export async function ownerPool(url: string): Promise<{ pool: Pool; serverVersion: string }> {
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'switchyard-bench-seed' });
  const { rows } = await pool.query<{ version: string }>('show server_version');
  return { pool, serverVersion: rows[0].version };
}
