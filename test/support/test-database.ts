/**
 * Several engineers (and CI) may run the suite against one PostgreSQL server at the same time,
 * so every run names its databases after itself: `switchyard_test_<run>_...`, where the run is
 * the process id of the Jest parent. A run only drops its own databases and those of runs
 * whose process is gone.
 */
export const TEST_DATABASE_PREFIX = 'switchyard_test_';

export function testRunId(): string {
  const run = process.env.SWITCHYARD_TEST_RUN;
  if (!run) throw new Error('SWITCHYARD_TEST_RUN is not set: run the suite through Jest (test/support/global-setup.js)');
  return run;
}

export function templateDatabaseName(run: string = testRunId()): string {
  return `${TEST_DATABASE_PREFIX}${run}_template`;
}

export function workerDatabaseName(worker: number | string, run: string = testRunId()): string {
  return `${TEST_DATABASE_PREFIX}${run}_w${worker}`;
}

/** The run a test database belongs to, or undefined for a name this suite did not make. */
export function runOfDatabase(name: string): string | undefined {
  return new RegExp(`^${TEST_DATABASE_PREFIX}(\\d+)_`).exec(name)?.[1];
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The database this Jest worker owns, or undefined to use the embedded PostgreSQL. */
export function workerDatabaseUrl(): string | undefined {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  return databaseUrlFor(serverUrl, workerDatabaseName(process.env.JEST_WORKER_ID ?? '1'));
}

/**
 * The same database reached directly, when DATABASE_URL goes through PgBouncer in transaction
 * mode (tools/pgbouncer.sh sets TEST_DIRECT_DATABASE_URL): for what a transaction pooler does not
 * keep — the migration runner's session advisory lock, the job queue's LISTEN.
 */
export function workerDirectDatabaseUrl(): string | undefined {
  const directUrl = process.env.TEST_DIRECT_DATABASE_URL;
  if (!directUrl || !process.env.DATABASE_URL) return undefined;
  return databaseUrlFor(directUrl, workerDatabaseName(process.env.JEST_WORKER_ID ?? '1'));
}
