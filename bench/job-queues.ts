/**
 * libs/jobs against pg-boss 10 and graphile-worker 0.17 on what the service needs of a job queue
 * (docs/architecture.md, "Job queue: measured choice"):
 *   1. enqueue cost inside a request-like transaction (runtime role switchyard_app, tenant set, RLS on);
 *   2. wake-up lag (commit of the enqueue → handler start) at a fixed offered rate;
 *   3. a job held by a killed worker (SIGKILL'd child process): re-run or not, and after how long;
 *   4. the embedded database (PGlite behind pglite-socket): schema, enqueue in a transaction, one job.
 * Runs against a scratch database it creates and drops on the local PostgreSQL.
 *
 *   node -r @swc-node/register bench/job-queues.ts [--seconds=30] [--rate=10000] [--only=libs-jobs,pg-boss,graphile-worker] [--skip-embedded] [--no-listen]
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { EmbeddedPostgres } from '../libs/database/src/embedded-postgres';
import { runMigrations } from '../libs/database/src/migrations-runner';
import { CANDIDATES, Candidate, QueueWorker } from './job-queues/candidates';
import { BenchTransaction } from './job-queues/bench-transaction';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const args: Record<string, string> = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => [a.slice(2).split('=')[0], a.split('=')[1] ?? 'true']),
);
const SECONDS = Number(args.seconds ?? 30);
const RATE_PER_MINUTE = Number(args.rate ?? 10_000);
const ONLY = args.only ? args.only.split(',') : undefined;

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

async function withScratchDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = `job_queue_bench_${process.pid}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = SERVER.replace(/\/[^/]*$/, `/${name}`);
  try {
    await fn(url);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function createOrganization(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const [{ id }] = (await client.query(`insert into organizations (name, slug) values ('Bench', 'bench-${Date.now()}') returning id`)).rows;
  await client.end();
  return id;
}

/** Each enqueue in its own transaction, as a request does it: role + tenant set, one RLS read, then the enqueue. */
async function enqueueCost(candidate: Candidate, tx: BenchTransaction, organizationId: string, n = 400): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await tx.run({ organizationId }, async () => {
      await tx.query('select id from organizations where id = $1', [organizationId]);
      const started = performance.now();
      await candidate.enqueue(tx, 'bench.cost', { i });
      times.push(performance.now() - started);
    });
  }
  times.sort((a, b) => a - b);
  return `enqueue in tx (n=${n}): p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, p99 ${ms(pct(times, 99))}`;
}

/** Offered load at a fixed rate from 4 producer lanes; lag = handler start − commit of the enqueuing transaction. */
async function wakeUpLag(candidate: Candidate, url: string, tx: BenchTransaction, organizationId: string, mode: 'remote' | 'local'): Promise<string> {
  const committed = new Map<number, number>();
  const startedAt = new Map<number, number>();
  const worker = await candidate.startWorker(url, 'bench.lag', { concurrency: 20, leaseMs: 30_000, tx }, async (payload) => {
    startedAt.set((payload as { seq: number }).seq, performance.now());
  });
  const total = Math.round((RATE_PER_MINUTE / 60) * SECONDS);
  const intervalMs = 60_000 / RATE_PER_MINUTE;
  const lanes = 4;
  const begin = performance.now();
  const loadBefore = load();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let seq = lane; seq < total; seq += lanes) {
        const due = begin + seq * intervalMs - performance.now();
        if (due > 0) await sleep(due);
        await tx.run({ organizationId }, () => candidate.enqueue(tx, 'bench.lag', { seq }, mode === 'local' ? worker : undefined));
        committed.set(seq, performance.now());
      }
    }),
  );
  const offeredSeconds = (performance.now() - begin) / 1000;
  const drainDeadline = performance.now() + 15_000;
  while (startedAt.size < total && performance.now() < drainDeadline) await sleep(100);
  const loadAfter = load();
  await worker.stop();
  const lags = [...startedAt].map(([seq, at]) => at - (committed.get(seq) ?? at)).sort((a, b) => a - b);
  return (
    `lag (${mode} producer) ${total} jobs in ${offeredSeconds.toFixed(1)} s (${Math.round((total / offeredSeconds) * 60)}/min), processed ${startedAt.size}: ` +
    `p50 ${ms(pct(lags, 50))}, p95 ${ms(pct(lags, 95))}, p99 ${ms(pct(lags, 99))}, max ${ms(lags[lags.length - 1] ?? NaN)} [load ${loadBefore} → ${loadAfter}]`
  );
}

/** A child process claims a job and is SIGKILL'd mid-handler; how long until a live worker starts it again? */
async function deadWorker(candidate: Candidate, url: string, tx: BenchTransaction, organizationId: string): Promise<string> {
  const child = fork(__filename, ['--child', candidate.name, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: unknown[] = [];
  child.on('message', (message) => messages.push(message));
  const received = async (message: string) => {
    const deadline = performance.now() + 30_000;
    while (!messages.includes(message) && performance.now() < deadline) await sleep(20);
    if (!messages.includes(message)) throw new Error(`the child worker never said ${message}`);
  };
  try {
    await received('ready');
    await tx.run({ organizationId }, () => candidate.enqueue(tx, 'bench.dead', { dead: true }, undefined, { leaseMs: candidate.deadLeaseMs }));
    await received('started');
  } finally {
    child.kill('SIGKILL');
  }
  const killedAt = performance.now();
  let rerunAt: number | undefined;
  const worker = await candidate.startWorker(url, 'bench.dead', { concurrency: 1, leaseMs: candidate.deadLeaseMs, healer: true }, async () => {
    rerunAt ??= performance.now();
  });
  const deadline = killedAt + 20_000;
  while (rerunAt === undefined && performance.now() < deadline) await sleep(100);
  let note = '';
  if (rerunAt === undefined && candidate.forceUnlock) {
    const unlockAt = performance.now();
    await candidate.forceUnlock(url);
    while (rerunAt === undefined && performance.now() < unlockAt + 10_000) await sleep(50);
    note =
      rerunAt === undefined
        ? '; not even after force_unlock_workers'
        : `; after an explicit force_unlock_workers(<dead worker id>) it ran ${ms(rerunAt - unlockAt)} later`;
    await worker.stop();
    return `dead worker: NOT re-run within 20 s (${candidate.deadRule})${note}`;
  }
  await worker.stop();
  return rerunAt === undefined
    ? `dead worker: NOT re-run within 20 s (${candidate.deadRule})`
    : `dead worker: re-run ${((rerunAt - killedAt) / 1000).toFixed(1)} s after the kill (${candidate.deadRule})`;
}

/** PGlite behind pglite-socket, the app's pool of ONE connection: schema, enqueue in a transaction, one job processed. */
async function embedded(candidates: Candidate[]): Promise<void> {
  const started = Date.now();
  const db = await EmbeddedPostgres.start();
  try {
    await runMigrations(db.url);
    console.log(`embedded: PGlite started and migrated in ${Date.now() - started} ms`);
    const organizationId = await createOrganization(db.url);
    const pool = new Pool({ connectionString: db.url, max: 1 });
    const tx = new BenchTransaction(pool);
    for (const candidate of candidates) {
      const steps: string[] = [];
      try {
        let t = Date.now();
        await candidate.setup(db.url, { embeddedPool: pool });
        steps.push(`schema ${Date.now() - t} ms`);
        let ran!: () => void;
        const processed = new Promise<void>((resolve) => (ran = resolve));
        const worker = await candidate.startWorker(db.url, 'bench.embedded', { concurrency: 1, leaseMs: 30_000, embeddedPool: pool, tx }, async () => ran());
        t = Date.now();
        await tx.run({ organizationId }, () => candidate.enqueue(tx, 'bench.embedded', { one: 1 }));
        const committedAt = Date.now();
        steps.push(`enqueue tx ${committedAt - t} ms`);
        const outcome = await Promise.race([
          processed.then(() => `one job processed ${Date.now() - committedAt} ms after commit`),
          sleep(15_000).then(() => 'job NOT processed within 15 s'),
        ]);
        steps.push(outcome);
        await worker.stop();
      } catch (error) {
        steps.push(`FAILED: ${(error as Error).message}`);
      }
      console.log(`embedded ${candidate.name}: ${steps.join(', ')} — ${candidate.embeddedNote}`);
    }
    await pool.end();
  } finally {
    await db.stop();
  }
}

async function child(name: string, url: string): Promise<void> {
  const candidate = CANDIDATES.find((c) => c.name === name)!;
  await candidate.startWorker(url, 'bench.dead', { concurrency: 1, leaseMs: candidate.deadLeaseMs }, async () => {
    process.send!('started');
    await new Promise(() => undefined); // hangs until SIGKILL
  });
  setInterval(() => undefined, 60_000); // the queues' timers are unref'd: keep this process alive until it is killed
  process.send!('ready');
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const candidates = CANDIDATES.filter((c) => !ONLY || ONLY.includes(c.name));
  console.log(`job queues: ${SECONDS} s at ${RATE_PER_MINUTE}/min; load average ${load()} (1/5/15 min, 2 shared cores)`);
  await withScratchDatabase(async (url) => {
    await runMigrations(url);
    const organizationId = await createOrganization(url);
    const pool = new Pool({ connectionString: url, max: 8 });
    pool.on('error', (error) => console.error(`bench pool: ${error.message}`));
    const tx = new BenchTransaction(pool);
    for (const candidate of candidates) {
      await candidate.setup(url, {});
      console.log(`${candidate.name}: ${await enqueueCost(candidate, tx, organizationId)}`);
      for (const mode of candidate.lagModes) console.log(`${candidate.name}: ${await wakeUpLag(candidate, url, tx, organizationId, mode)}`);
      console.log(`${candidate.name}: ${await deadWorker(candidate, url, tx, organizationId)}`);
    }
    await pool.end();
  });
  if (!args['skip-embedded']) await embedded(candidates);
  console.log(`load average at the end ${load()}`);
}

const run: Promise<void> = process.argv[2] === '--child' ? child(process.argv[3], process.argv[4]) : main();
run.then(
  () => process.argv[2] !== '--child' && process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

export type { QueueWorker };
