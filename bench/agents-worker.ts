/**
 * The agents worker under load (issue 13): 1,000 runs kept running at a local fake of the Codegen
 * API (test/agents/fake-codegen.ts), 100 organizations × 10 runs, each organization its own
 * provider account with Codegen's real limits (10 creations/min, 60 reads/30 s). Measures whether
 * every run is polled within its interval once the interval has grown to its maximum
 * (AGENTS_POLL_MAX_MS), from the gaps between consecutive reads of each run as the fake saw them.
 *
 * Runs the built service (`npx nest build` first, or after `npm run bench`) as a child process on a
 * scratch database it creates and drops on the local PostgreSQL (BENCH_DATABASE_URL for another server).
 *
 *   node -r @swc-node/register bench/agents-worker.ts [--runs=1000] [--orgs=100] [--seconds=60] [--max-interval-ms=10000]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FakeCodegen } from '../test/agents/fake-codegen';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const args: Record<string, string> = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => [a.slice(2).split('=')[0], a.split('=')[1] ?? 'true']),
);
const RUNS = Number(args.runs ?? 1000);
const ORGS = Number(args.orgs ?? 100);
const SECONDS = Number(args.seconds ?? 60);
const MAX_INTERVAL_MS = Number(args['max-interval-ms'] ?? 10_000);
const BASE_INTERVAL_MS = Math.max(100, Math.round(MAX_INTERVAL_MS / 5));

const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const database = `agents_worker_bench_${process.pid}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const fake = await FakeCodegen.start();
  fake.script = { readsBeforeEnd: Infinity, end: 'COMPLETE' };
  const port = await freePort();
  let service: ChildProcess | undefined;
  try {
    service = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: url.toString(),
        JWT_SECRET: randomBytes(32).toString('hex'),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        RUN_MIGRATIONS_ON_START: 'true',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_ORG_PER_MINUTE: '10000000',
        RATE_LIMIT_API_KEY_PER_MINUTE: '10000000',
        SIGNUP_MAX_PER_ADDRESS: '1000000',
        OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
        AGENTS_CODEGEN_BASE_URL: fake.baseUrl,
        AGENTS_POLL_BASE_MS: String(BASE_INTERVAL_MS),
        AGENTS_POLL_MAX_MS: String(MAX_INTERVAL_MS),
      },
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error('the service did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as any;
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    log(`service on ${base}; creating ${ORGS} organizations with ${RUNS / ORGS} running runs each`);
    const perOrg = Math.ceil(RUNS / ORGS);
    await Promise.all(
      Array.from({ length: ORGS }, async (_, o) => {
        const unique = randomUUID().slice(0, 8);
        const session = await post('/v1/auth/signup', {
          organizationName: `Bench ${unique}`,
          organizationSlug: `bench-${unique}`,
          email: `owner-${unique}@bench.test`,
          name: 'Owner',
          password: 'correct horse battery staple',
        });
        const token = `cg-${unique}`;
        fake.account(String(o + 1), token);
        const agent = await post(
          '/v1/agents',
          { name: 'Bench', type: 'coding', provider: 'codegen', maxConcurrentRuns: perOrg, credentials: { organizationId: String(o + 1), apiToken: token } },
          session.accessToken,
        );
        for (let r = 0; r < perOrg; r++) await post(`/v1/agents/${agent.id}/runs`, { prompt: `Bench run ${o}:${r}` }, session.accessToken);
      }),
    );
    const started = Date.now();
    while (fake.of('create').length < RUNS) {
      if (Date.now() - started > 120_000) throw new Error(`only ${fake.of('create').length} runs submitted after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    log(`${RUNS} runs submitted in ${Date.now() - started} ms; polls grow to ${MAX_INTERVAL_MS} ms`);
    // Intervals grow base × 1.5^n: after ~5 polls they sit at the maximum. Measure after that.
    const warm = BASE_INTERVAL_MS * (1 + 1.5 + 2.25 + 3.375 + 5.06) + MAX_INTERVAL_MS;
    await new Promise((resolve) => setTimeout(resolve, warm));
    const from = Date.now();
    const load = [loadavg()[0]];
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    load.push(loadavg()[0]);
    const reads = fake.of('read').filter((r) => r.at >= from - MAX_INTERVAL_MS * 2);
    const byRun = new Map<string, number[]>();
    for (const r of reads) {
      const key = `${r.org}/${r.path.split('/').pop()}`;
      byRun.set(key, [...(byRun.get(key) ?? []), r.at]);
    }
    const gaps: number[] = [];
    for (const times of byRun.values()) {
      for (let i = 1; i < times.length; i++) if (times[i] >= from) gaps.push(times[i] - times[i - 1]);
    }
    gaps.sort((a, b) => a - b);
    const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))];
    const late = gaps.filter((g) => g > MAX_INTERVAL_MS * 1.2).length;
    const inWindow = reads.filter((r) => r.at >= from).length;
    const limited = reads.filter((r) => r.answered === 429).length;
    const maxPerAccount = Math.max(...Array.from({ length: ORGS }, (_, o) => fake.maxInWindow('read', String(o + 1), 30_000)));
    log(`load average ${load.map((l) => l.toFixed(1)).join(' → ')}`);
    log(
      `runs polled: ${byRun.size} of ${RUNS}; reads in ${SECONDS} s: ${inWindow} (${(inWindow / SECONDS).toFixed(1)}/s, ideal ${(RUNS / (MAX_INTERVAL_MS / 1000)).toFixed(1)}/s)`,
    );
    log(
      `gap between polls of a run: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${gaps[gaps.length - 1]} ms (interval ${MAX_INTERVAL_MS} ms)`,
    );
    log(
      `gaps over 1.2 × interval: ${late} of ${gaps.length} (${((100 * late) / Math.max(1, gaps.length)).toFixed(2)} %); 429s: ${limited}; most reads of one account in 30 s: ${maxPerAccount} (limit 60)`,
    );
  } finally {
    service?.kill('SIGTERM');
    await new Promise((resolve) => (service && service.exitCode === null ? service.once('exit', resolve) : resolve(undefined)));
    await fake.close();
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
