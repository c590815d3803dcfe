import { Client } from 'pg';

export interface WaitOptions {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  maxDelayMs: number;
  /** First delay; it doubles after each failed attempt, up to maxDelayMs. */
  firstDelayMs?: number;
  log: (message: string) => void;
  /** Opens and closes one connection; replaceable in tests. */
  probe?: (url: string) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Waits until the database server accepts a connection, so a service started with its database
 * (docker compose, a pod next to a restarting server) does not die on the first refusal.
 * Only "not there yet" errors are retried; a wrong password or a missing database fails at once.
 */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<void> {
  const { attempts, maxDelayMs, log, probe = connectOnce, sleep = defaultSleep } = options;
  let delay = options.firstDelayMs ?? 200;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await probe(url);
      if (attempt > 1) log(`Database reachable after ${attempt} attempts`);
      return;
    } catch (error) {
      if (!isNotReadyYet(error) || attempt >= attempts) throw error;
      log(`Database not reachable (${describe(error)}); attempt ${attempt} of ${attempts}, retrying in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

const NOT_READY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND', // a compose service name resolves only once its container exists
  'EAI_AGAIN',
  '57P03', // the database system is starting up
]);

function isNotReadyYet(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code !== undefined && NOT_READY_CODES.has(code);
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ?? message ?? String(error);
}

async function connectOnce(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
