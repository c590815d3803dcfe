/**
 * Webhook delivery under load and faults, against the built service (`npm run build` first):
 *
 * 1. sustained: signed GitHub deliveries at --rate per minute for --seconds; every 2xx is a stored
 *    delivery; then the processing lag (processed_at − received_at) p50/p95/p99/max from the rows;
 * 2. SIGKILL: a burst of Slack slash commands (each creates one task, keyed by its trigger id);
 *    the service is killed with SIGKILL halfway, restarted, and every command that got a 2xx is
 *    sent again (the platform's retry); after processing, every 2xx'd command has exactly one task
 *    and no other task exists (exactly once in effect);
 * 3. database unreachable: the service restarted in phase 2 reaches PostgreSQL through a TCP proxy in this script; the
 *    proxy is cut and every webhook must answer non-2xx.
 *
 *   node -r @swc-node/register bench/webhook-faults.ts [--rate=10000] [--seconds=300] [--burst=400]
 *
 * Creates and drops a scratch database `webhook_faults_<pid>` on BENCH_DATABASE_URL's server
 * (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server, Socket, connect } from 'node:net';
import { join } from 'node:path';
import { Client, Pool } from 'pg';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const RATE = Number(args.rate ?? 10_000);
const SECONDS = Number(args.seconds ?? 300);
const BURST = Number(args.burst ?? 400);
const SERVER = new URL(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
const DATABASE = `webhook_faults_${process.pid}`;
const ROOT = join(__dirname, '..');
const ENCRYPTION_KEY = randomBytes(32);
const ORG = randomUUID();
const PROJECT = randomUUID();
const GITHUB = randomUUID();
const SLACK = randomUUID();
const SECRET = 'faults-webhook-secret';

function seal(plaintext: string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ENCRYPTION_KEY, nonce);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', 'k1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part)).join(':');
}

/** A TCP proxy to PostgreSQL that can be cut (every connection destroyed, new ones refused). */
class Proxy {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  open = true;
  port = 0;
  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (!this.open) return client.destroy();
      const upstream = connect(Number(SERVER.port || 5432), SERVER.hostname);
      // Either side closing (also by a reset, which pipe() does not pass on) closes the other, as a
      // dead client's own connection would: else a SIGKILLed service's sessions stay open on the
      // server, idle in their transactions, holding their locks for good.
      const pair = [client, upstream];
      for (const socket of pair) {
        this.sockets.add(socket);
        socket.on('close', () => {
          this.sockets.delete(socket);
          for (const other of pair) other.destroy();
        });
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }
  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }
  restore(): void {
    this.open = true;
  }
  stop(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let service: ChildProcess | undefined;
const PORT = 20_000 + (process.pid % 20_000);

/** Straight to PostgreSQL, or through the proxy (the database-cut phase needs it; relaying every byte in this process costs CPU the sustained phase should not pay). */
async function startService(proxy?: Proxy): Promise<void> {
  const url = new URL(SERVER.toString());
  if (proxy) url.host = `127.0.0.1:${proxy.port}`;
  url.pathname = `/${DATABASE}`;
  service = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      LOG_LEVEL: 'error',
      DATABASE_URL: url.toString(),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
      RUN_MIGRATIONS_ON_START: 'true',
      SCHEDULER_ENABLED: 'true',
      JOB_REAP_CRON: '*/5 * * * * *',
      INTEGRATIONS_DELIVERY_CONCURRENCY: '16',
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    },
  });
  for (let i = 0; i < 300; i += 1) {
    if (service.exitCode !== null) throw new Error(`the service exited with ${service.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the service did not become ready');
}

async function send(kind: 'github' | 'slack', i: number, triggerId?: string): Promise<{ status: number; ms: number; triggerId?: string }> {
  const started = performance.now();
  let body: string;
  let headers: Record<string, string>;
  if (kind === 'github') {
    body = JSON.stringify({ zen: 'Favor focus over features.', hook_id: i, hook: { type: 'Repository', id: i, events: ['push'] } });
    headers = {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    };
  } else {
    triggerId ??= `${Date.now()}.${i}.${randomUUID()}`;
    body = new URLSearchParams({ command: '/task', text: `Task from command ${i}`, trigger_id: triggerId, user_id: 'U1', team_id: 'T1' }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
    };
  }
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/v1/webhooks/${kind}/${kind === 'github' ? GITHUB : SLACK}`, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started, triggerId };
  } catch {
    return { status: 0, ms: performance.now() - started, triggerId };
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};

const log = (line: string) => process.stderr.write(`[webhook-faults ${new Date().toISOString()}] ${line}\n`);

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  log(`waiting for ${what}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: SERVER.toString() });
  await admin.connect();
  await admin.query(`create database ${DATABASE}`);
  const proxy = new Proxy();
  await proxy.start();
  const dbUrl = new URL(SERVER.toString());
  dbUrl.pathname = `/${DATABASE}`;
  const db = new Pool({ connectionString: dbUrl.toString(), max: 2 });
  db.on('error', () => undefined);
  const report: Record<string, unknown> = { rate: RATE, seconds: SECONDS, burst: BURST, loadBefore: (await import('node:os')).loadavg() };
  try {
    log('starting the service');
    await startService();
    log('seeding');
    await db.query(`insert into organizations (id, name, slug) values ($1, 'Faults', $2)`, [ORG, `faults-${process.pid}`]);
    await db.query(`insert into projects (id, organization_id, name, slug) values ($1, $2, 'Faults', 'faults')`, [PROJECT, ORG]);
    await db.query(
      `insert into integrations (organization_id, id, platform, name, webhook_secret_sealed, configuration) values
         ($1, $2, 'github', 'gh', $3, '{}'), ($1, $4, 'slack', 'sl', $5, $6)`,
      [ORG, GITHUB, seal(SECRET, `integration:${GITHUB}:webhook`), SLACK, seal(SECRET, `integration:${SLACK}:webhook`), { slack: { projectId: PROJECT } }],
    );

    // 1. Sustained rate.
    log(`sustained: ${RATE}/min for ${SECONDS} s`);
    const interval = 60_000 / RATE;
    const pending: Array<Promise<{ status: number; ms: number }>> = [];
    const started = Date.now();
    for (let i = 0; Date.now() - started < SECONDS * 1000; i += 1) {
      const due = started + i * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(send('github', i));
    }
    const answers = await Promise.all(pending);
    const ok = answers.filter((a) => a.status === 200);
    await until(
      'the sustained deliveries processed',
      async () => {
        const [row] = (
          await db.query(`select count(*)::int as n from webhook_deliveries where integration_id = $1 and status in ('processed', 'ignored')`, [GITHUB])
        ).rows;
        return row.n >= ok.length;
      },
      600_000,
    );
    const lags = (
      await db.query(`select extract(epoch from processed_at - received_at) * 1000 as lag from webhook_deliveries where integration_id = $1`, [GITHUB])
    ).rows.map((row) => Number(row.lag));
    report.sustained = {
      sent: answers.length,
      offeredPerMinute: Math.round((answers.length / ((Date.now() - started) / 1000)) * 60),
      accepted: ok.length,
      refused: answers.length - ok.length,
      ackMs: {
        p50: percentile(
          ok.map((a) => a.ms),
          50,
        ),
        p99: percentile(
          ok.map((a) => a.ms),
          99,
        ),
      },
      lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), p99: percentile(lags, 99), max: percentile(lags, 100) },
    };

    // 2. SIGKILL in the middle of a burst of slash commands.
    log(`SIGKILL during a burst of ${BURST} slash commands`);
    const burst: Array<Promise<{ status: number; ms: number; triggerId?: string }>> = [];
    for (let i = 0; i < BURST; i += 1) {
      if (i === Math.floor(BURST / 2)) service!.kill('SIGKILL');
      burst.push(send('slack', i));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const burstAnswers = await Promise.all(burst);
    await new Promise<void>((resolve) => (service!.exitCode !== null || service!.signalCode ? resolve() : service!.once('exit', () => resolve())));
    await startService(proxy);
    const acknowledged = burstAnswers.filter((a) => a.status === 200).map((a) => a.triggerId!);
    // The platform retries what it sent: the 2xx'd ones again must change nothing.
    const retries = await Promise.all(acknowledged.slice(0, 50).map((triggerId, i) => send('slack', i, triggerId)));
    await until(
      'every stored command processed',
      async () => {
        // Every stored delivery, acknowledged or not (a kill can lose the 200 of a stored one): those
        // the killed process held come back when their lease expires.
        const [row] = (
          await db.query(`select count(*)::int as n from webhook_deliveries where integration_id = $1 and status not in ('processed', 'ignored', 'dead')`, [
            SLACK,
          ])
        ).rows;
        return row.n === 0;
      },
      600_000,
    );
    const mapped = (await db.query(`select external_id, count(*)::int as n from external_mappings where integration_id = $1 group by external_id`, [SLACK]))
      .rows;
    const tasks = (await db.query(`select count(*)::int as n from tasks where organization_id = $1 and project_id = $2`, [ORG, PROJECT])).rows[0].n;
    const mappedIds = new Set(mapped.map((row) => row.external_id));
    report.sigkill = {
      sent: BURST,
      acknowledged: acknowledged.length,
      refusedOrLost: BURST - acknowledged.length,
      retriesAcknowledgedAsDuplicates: retries.filter((r) => r.status === 200).length,
      tasks,
      acknowledgedWithoutTask: acknowledged.filter((id) => !mappedIds.has(id)).length,
      commandsWithMoreThanOneTask: mapped.filter((row) => row.n > 1).length,
      exactlyOnceInEffect: tasks === mappedIds.size && acknowledged.every((id) => mappedIds.has(id)),
    };

    // 3. Database unreachable.
    log('database cut');
    proxy.cut();
    const cut = await Promise.all(Array.from({ length: 50 }, (_, i) => send('github', i)));
    proxy.restore();
    report.databaseCut = {
      sent: cut.length,
      twoxx: cut.filter((a) => a.status >= 200 && a.status < 300).length,
      statuses: [...new Set(cut.map((a) => a.status))],
    };
    report.loadAfter = (await import('node:os')).loadavg();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    service?.kill('SIGKILL');
    await db.end();
    await proxy.stop();
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  service?.kill('SIGKILL');
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
