/** What the platform operator sees of the whole database (no tenant data: sizes, counts, statements). */
export interface SystemHealth {
  databaseSizeBytes: number;
  connections: number;
  slowestStatements: { available: boolean; statements: Array<Record<string, unknown>> };
  indexUsage: Array<{ table: string; index: string; scans: number; size_bytes: number }>;
  queues: Array<{ queue: string; state: string; jobs: number; oldest: string }>;
  tables: Array<{ table: string; estimated_rows: number; size_bytes: number }>;
}

/** Port: the database's health figures, read through one SECURITY DEFINER function. */
export abstract class SystemHealthReader {
  abstract read(): Promise<SystemHealth>;
}
