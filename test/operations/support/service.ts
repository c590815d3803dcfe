import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * The operations ring (jest.ops.config.js, `npm run test:ops`): the service as real processes —
 * `node src/main.ts` through @swc-node/register, which boots in ~3 s without a build — on a scratch
 * database of the local PostgreSQL server, with Redis. Each child is stopped when the test ends,
 * and ends itself if Jest dies (bench/lib/die-with-parent.js, through an IPC channel).
 */
export const ROOT = join(__dirname, '../../..');
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DIE_WITH_PARENT = join(ROOT, 'bench/lib/die-with-parent.js');
/** Registers the `ops-probe` queue in the child (a test fixture, never loaded by the service itself). */
export const PROBE_QUEUE = join(__dirname, 'probe-queue.ts');

export const SECRETS = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PLATFORM_OPERATOR_TOKEN: randomBytes(36).toString('base64url'),
};

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A database of its own on the server (dropped by drop()): the replicas migrate it at boot. */
export class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly serverUrl: string,
  ) {}

  static async create(serverUrl = SERVER_URL, label = 'ops'): Promise<ScratchDatabase> {
    const name = `switchyard_${label}_${process.pid}_${randomUUID().slice(0, 8)}`;
    await ScratchDatabase.admin(serverUrl, (client) => client.query(`create database "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new ScratchDatabase(name, url.toString(), serverUrl);
  }

  /** One statement as the owner, on a connection of its own. */
  async sql<T = any>(query: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(query, parameters)).rows;
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await ScratchDatabase.admin(this.serverUrl, (client) => client.query(`drop database if exists "${this.name}" with (force)`)).catch(() => undefined);
  }

  private static async admin(serverUrl: string, fn: (client: Client) => Promise<unknown>): Promise<void> {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await fn(client);
    } finally {
      await client.end();
    }
  }
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One service process. */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private readonly raw: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        this.raw.push(line);
        if (this.raw.length > 400) this.raw.shift();
        if (line.startsWith('{')) {
          try {
            this.logs.push(JSON.parse(line));
          } catch {
            // not a log line
          }
        }
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /** Starts `src/main.ts` with the given environment (on top of a production-like base) and waits until it is ready. */
  static async start(
    name: string,
    env: Record<string, string>,
    options: { preload?: string[]; readyTimeoutMs?: number; wait?: boolean } = {},
  ): Promise<ServiceProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const preload = options.preload ?? [PROBE_QUEUE];
    const child = spawn(process.execPath, ['-r', DIE_WITH_PARENT, '-r', '@swc-node/register', ...preload.flatMap((file) => ['-r', file]), 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SIGNUP_MAX_PER_ADDRESS: '1000000',
        RATE_LIMIT_ORG_PER_MINUTE: '1000000',
        RATE_LIMIT_API_KEY_PER_MINUTE: '1000000',
        DATABASE_CONNECT_RETRIES: '1',
        ...SECRETS,
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const service = new ServiceProcess(name, port, child);
    if (options.wait !== false) await service.ready(options.readyTimeoutMs);
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  tail(lines = 40): string {
    return this.raw.slice(-lines).join('\n');
  }

  async ready(timeoutMs = 60_000): Promise<void> {
    await eventually(
      `${this.name} to be ready`,
      async () => {
        if (this.exit) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before it was ready:\n${this.tail()}`);
        const response = await fetch(`${this.url}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      timeoutMs,
      100,
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n${this.tail()}`);
    });
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 40_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; apiKey?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // metrics are text
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  /** A new organization with its owner, logged in. */
  async signup(): Promise<Session> {
    const unique = randomUUID().slice(0, 8);
    const response = await this.request<Session>('POST', '/v1/auth/signup', {
      body: {
        organizationName: `Org ${unique}`,
        organizationSlug: `org-${unique}`,
        email: `owner-${unique}@example.test`,
        name: `Owner ${unique}`,
        password: 'correct horse battery staple',
      },
    });
    if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; name: string };
  organization: { id: string; slug: string; name: string; role: string };
}

/** The probe queue's tables (test/operations/support/probe-queue.ts) in the scratch database. */
export async function createProbeTables(database: ScratchDatabase): Promise<void> {
  await database.sql(`
    create table if not exists ops_probe_attempts (job_id uuid not null, worker text not null, attempt integer not null, at timestamptz not null default clock_timestamp());
    create table if not exists ops_probe_effects (job_id uuid not null, worker text not null, at timestamptz not null default clock_timestamp());
    grant select, insert on ops_probe_attempts, ops_probe_effects to switchyard_app;`);
}

/** Enqueues probe jobs as a system job (no organization), as the owner would from any transaction. */
export async function sendProbeJobs(database: ScratchDatabase, count: number, payload: Record<string, unknown> = {}): Promise<string[]> {
  const rows = await database.sql<{ id: string }>(
    `select job_queue_send('ops-probe', null, $1::jsonb, null, 5, 100, 1000, null) as id from generate_series(1, $2)`,
    [JSON.stringify(payload), count],
  );
  return rows.map((row) => row.id);
}
