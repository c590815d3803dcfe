export const TEMPLATE_DATABASE = 'switchyard_test_template';

export function workerDatabaseName(worker: number | string): string {
  return `switchyard_test_w${worker}`;
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
