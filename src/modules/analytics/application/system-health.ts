/** What the platform operator sees of the whole database (no tenant data: sizes, counts, statements). */
export interface SystemHealth {
  databaseSizeBytes: number;
  connections: number;
  slowestStatements: { available: boolean; statements: Array<Record<string, unknown>> };
  indexUsage: Array<{ table: string; index: string; scans: number; size_bytes: number }>;
  queues: Array<{ queue: string; state: string; jobs: number; oldest: string }>;
  tables: Array<{ table: string; estimated_rows: number; size_bytes: number }>;
  /** Webhook deliveries of the last hour per platform: received, unfinished, dead, oldest unfinished age, processing lag. */
  webhooks: Array<{
    platform: string;
    deliveries: number;
    pending: number;
    dead: number;
    oldest_pending_seconds: number | null;
    lag_p50_seconds: number | null;
    lag_p95_seconds: number | null;
  }>;
}

/** Port: the database's health figures, read through SECURITY DEFINER functions (figures, never tenant rows). */
export abstract class SystemHealthReader {
  abstract read(): Promise<SystemHealth>;
}
