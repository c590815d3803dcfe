import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { CpuMeter } from './lib/cpu';
import { ensureDatabase, ownerPool } from './lib/database';
import { prepareServiceBuild } from './lib/build';
import { ChildProcesses, freePort } from './lib/processes';
import { seedBaseDataset } from './seed/base-dataset';
import { runnerToken, seedPipelinesDataset } from './seed/pipelines-dataset';

/**
 * Idle long-polling runners (issue 11): `--runners` (1,000) runners of as many organizations hold
 * a claim open (`--wait`, the service's bound: 50 s) against an empty queue (first claims spread
 * over one wait, then one wait and 3 s to settle) for `--idle` seconds; the service's and its
 * database backends' CPU over that time is the idle cost (target: < 5 % of one core). Then
 * `--trials` times, one step is queued for one waiting runner's organization by an ordinary
 * transaction (as the service would), and the time until that runner's claim answers is the wake
 * latency (target p95 < 100 ms).
 *
 *   node -r @swc-node/register bench/pipelines-long-poll.ts [--runners=1000] [--wait=50] [--idle=60] [--trials=50] [--no-build] [--profile]
 *
 * `--profile` writes the service's CPU profile of the idle window to bench/results/profiles.
 *
 * Uses BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/switchyard_bench_pipelines).
 */
const ROOT = join(__dirname, '..');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const RUNNERS = Number(args.get('runners') ?? 1000);
const IDLE_SECONDS = Number(args.get('idle') ?? 60);
const TRIALS = Number(args.get('trials') ?? 50);
/** Each claim's wait; the service's bound is set to it (PIPELINE_CLAIM_MAX_WAIT_SECONDS, 50 by default). */
const WAIT_SECONDS = Number(args.get('wait') ?? 50);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard_bench_pipelines';
const log = (line: string) => process.stderr.write(`[long-poll] ${line}\n`);

async function main(): Promise<void> {
  const processes = new ChildProcesses();
  const serviceDir = prepareServiceBuild(ROOT, { build: !args.has('no-build') }, log);
  await ensureDatabase(DATABASE_URL, log);
  const port = await freePort();
  const profiling = args.has('profile') ? ['-r', join(__dirname, 'lib', 'cpu-profile.js')] : [];
  const service = processes.start('service', [...profiling, 'dist/src/main.js'], serviceDir, {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL,
    DATABASE_POOL_SIZE: '10',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    RATE_LIMIT_ORG_PER_MINUTE: '10000000',
    PIPELINE_CLAIM_MAX_WAIT_SECONDS: String(WAIT_SECONDS),
  });
  try {
    await processes.waitReady(service, `http://127.0.0.1:${port}/health/ready`, 120_000);
    const { pool } = await ownerPool(DATABASE_URL);
    const base = await seedBaseDataset(pool, { organizations: Math.max(RUNNERS, 1000), membersPerOrganization: 2, bigOrganizationMembers: 50 }, log);
    await seedPipelinesDataset(pool, base, log);
    // An empty queue: the idle runners find nothing.
    await pool.query(`delete from pipeline_step_queue`);

    const agent = new Agent({ connections: RUNNERS + 10, keepAliveTimeout: 120_000, headersTimeout: 0, bodyTimeout: 0 });
    const url = `http://127.0.0.1:${port}/v1/runner/claim?wait=${WAIT_SECONDS}`;
    let stop = false;
    let polls = 0;
    const answered = new Map<number, (at: number, status: number) => void>();
    // A fleet's runners start at different times: spread the first claims over one wait period, so
    // the measured window sees the steady state (each runner polls once per wait), not a start-up burst.
    const runner = async (o: number) => {
      await new Promise((resolve) => setTimeout(resolve, ((o - 1) / RUNNERS) * WAIT_SECONDS * 1000));
      while (!stop) {
        const response = await request(url, { method: 'POST', dispatcher: agent, headers: { authorization: `Bearer ${runnerToken(o)}` } });
        await response.body.text();
        polls++;
        answered.get(o)?.(performance.now(), response.statusCode);
      }
    };
    const loops = Array.from({ length: RUNNERS }, (_, i) => runner(i + 1).catch((error) => stop || log(`runner ${i + 1}: ${error}`)));
    await new Promise((resolve) => setTimeout(resolve, (WAIT_SECONDS + 3) * 1000));

    const meter = await CpuMeter.start(service.child.pid!, pool, 'switchyard');
    if (profiling.length) service.child.send({ type: 'bench:start-profile' });
    const started = performance.now();
    const pollsBefore = polls;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idlePolls = polls - pollsBefore;
    const cpu = await meter?.stop();
    if (profiling.length) log(`CPU profile of the idle window: ${await processes.writeProfile(service, join(ROOT, 'bench', 'results', 'profiles'))}`);
    const seconds = (performance.now() - started) / 1000;
    log(`idle: ${RUNNERS} runners long-polling for ${seconds.toFixed(1)} s, ${idlePolls} claims answered (${(idlePolls / seconds).toFixed(1)}/s)`);
    if (cpu) {
      const share = (ms: number) => `${(ms / 10 / seconds).toFixed(2)} %`;
      const total = cpu.nodeMs + (cpu.databaseMs ?? 0);
      log(
        `idle CPU of one core: service ${share(cpu.nodeMs)}, database backends ${cpu.databaseMs === undefined ? 'n/a' : share(cpu.databaseMs)}, together ${share(total)}`,
      );
      if (idlePolls)
        log(`CPU per answered claim: service ${(cpu.nodeMs / idlePolls).toFixed(2)} ms, database ${((cpu.databaseMs ?? 0) / idlePolls).toFixed(2)} ms`);
    }

    const latencies: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const o = 1 + ((trial * 37) % RUNNERS);
      const woke = new Promise<number>((resolve) => answered.set(o, (at, status) => status === 200 && resolve(at)));
      const queuedAt = performance.now();
      await pool.query(
        `insert into pipeline_step_queue (organization_id, step_id, execution_id, execution_created_at, labels, priority)
         select s.organization_id, s.id, s.execution_id, s.execution_created_at, '{}', 0 from pipeline_step_executions s
         where s.execution_id = md5('bench:pexec:claim:' || $1)::uuid and s.position = $2`,
        [o, 1 + (trial % 100)],
      );
      latencies.push((await woke) - queuedAt);
      answered.delete(o);
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
    log(`wake latency over ${TRIALS} trials: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`);
    stop = true;
    await Promise.race([Promise.allSettled(loops), new Promise((resolve) => setTimeout(resolve, 100))]);
    await pool.end();
  } finally {
    await processes.stopAll();
    process.exit(0);
  }
}

main().catch((error) => {
  log(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
