import 'reflect-metadata';
import { sign } from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { JWT_AUDIENCE, JWT_ISSUER, jwtKey } from '../libs/auth/src/access-token';
import type { Pool } from 'pg';
import { prepareServiceBuild } from './lib/build';
import { CpuMeter } from './lib/cpu';
import { ensureDatabase, ownerPool } from './lib/database';
import { closedLoop, Figures, fixedRate, Recorder, Target } from './lib/load';
import { BenchOptions, parseOptions } from './lib/options';
import { ChildProcesses, freePort } from './lib/processes';
import { formatScenario, formatSummary, ScenarioResult, TARGET_RATIO, writeResults } from './lib/report';
import type { Scenario, SeedContext } from './lib/scenario';
import { checkSameAnswer } from './lib/smoke';
import { BaseDataset, benchSessionId, seedBaseDataset } from './seed/base-dataset';
import { SCENARIOS } from './scenarios';

const ROOT = resolve(__dirname, '..');
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function selectScenarios(options: BenchOptions): Scenario[] {
  if (!options.only) return SCENARIOS;
  const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => options.only!.includes(s.name));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(options);
  if (options.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(20)} ${s.title}\n`);
    return;
  }

  const startedAt = new Date().toISOString();
  const processes = new ChildProcesses();
  try {
    const serviceDir = prepareServiceBuild(ROOT, options, log);
    await ensureDatabase(options.databaseUrl, log);
    const jwtSecret = randomBytes(48).toString('base64url');
    const [servicePort, baselinePort] = [await freePort(), await freePort()];
    const common = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: String(options.pool),
      JWT_SECRET: jwtSecret,
    };

    // The service migrates the bench database as it starts; seeding needs that schema.
    const profileDir = join(ROOT, 'bench', 'results', 'profiles');
    const profiling = options.profile ? ['-r', join(__dirname, 'lib', 'cpu-profile.js')] : [];
    const serviceNodeOptions = options.serviceNodeOptions?.split(' ').filter(Boolean) ?? [];
    const service = processes.start('service', [...profiling, ...serviceNodeOptions, 'dist/src/main.js'], serviceDir, {
      ...common,
      HOST: '127.0.0.1',
      PORT: String(servicePort),
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RUN_MIGRATIONS_ON_START: 'true',
      SCHEDULER_ENABLED: 'false',
      // The agent-run-create scenario's runs wait for a slot (organization limit 0): look again in an hour, not every 5 s.
      AGENTS_CAPACITY_RETRY_MS: '3600000',
      RATE_LIMIT_ORG_PER_MINUTE: '10000000',
      RATE_LIMIT_API_KEY_PER_MINUTE: '10000000',
      LOGIN_MAX_ATTEMPTS: '10000',
    });
    await processes.waitReady(service, `http://127.0.0.1:${servicePort}/health/ready`, 120_000);

    const { pool, serverVersion } = await ownerPool(options.databaseUrl);
    const signingKey = jwtKey(jwtSecret);
    let base: Promise<BaseDataset> | undefined;
    const seedContext: SeedContext = {
      db: pool,
      base: () =>
        (base ??= seedBaseDataset(
          pool,
          { organizations: options.organizations, membersPerOrganization: options.members, bigOrganizationMembers: options.bigOrganizationMembers },
          log,
        )),
      // The role is not a claim any more (the service reads it from the membership); the
      // baseline still reads it from the token, so it stays there for the baseline's sake.
      accessToken: (userId, organizationId, role) =>
        sign({ sub: userId, org: organizationId, sid: benchSessionId(userId), role, typ: 'access' }, signingKey, {
          expiresIn: 3600,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          algorithm: 'HS256',
        }),
    };
    const states = new Map<string, unknown>();
    for (const scenario of scenarios) states.set(scenario.name, await scenario.seed(seedContext));

    const baseline = processes.start('baseline', [...profiling, '-r', '@swc-node/register', 'bench/baseline/server.ts'], ROOT, {
      ...common,
      PORT: String(baselinePort),
    });
    await processes.waitReady(baseline, `http://127.0.0.1:${baselinePort}/health`);
    log(
      `service on 127.0.0.1:${servicePort} (pid ${service.child.pid}), baseline on 127.0.0.1:${baselinePort} (pid ${baseline.child.pid}), pool ${options.pool} each`,
    );
    const loadBefore = loadavg();
    if (loadBefore[0] > cpus().length)
      log(`note: load average ${loadBefore[0].toFixed(1)} on ${cpus().length} CPUs, other work is competing: expect noisy figures`);

    if (options.profile) for (const managed of [service, baseline]) managed.child.send({ type: 'bench:start-profile' });
    const sides: Sides = {
      db: pool,
      service: { target: { host: '127.0.0.1', port: servicePort, prefix: '' }, pid: service.child.pid!, applicationName: 'switchyard' },
      baseline: { target: { host: '127.0.0.1', port: baselinePort, prefix: '' }, pid: baseline.child.pid!, applicationName: 'switchyard-bench-baseline' },
    };
    await warmUp(scenarios, states, options, sides);
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) results.push(await runScenario(scenario, states.get(scenario.name), options, sides));
    await pool.end();

    process.stdout.write(`${formatSummary(results)}\n\n`);
    const file = writeResults(join(ROOT, 'bench', 'results'), {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        postgres: serverVersion,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg(),
      },
      service: options.ref ? { ref: options.ref, directory: serviceDir } : { ref: 'working tree', directory: serviceDir },
      options: { ...options, databaseUrl: redact(options.databaseUrl) },
      targetRatio: TARGET_RATIO,
      results,
    });
    log(`results written to ${file}`);
    if (options.profile) {
      for (const managed of [service, baseline]) log(`CPU profile of the ${managed.name}: ${await processes.writeProfile(managed, profileDir)}`);
    }
  } finally {
    await processes.stopAll();
  }
}

interface Side {
  target: Target;
  pid: number;
  /** application_name of its database connections, to find its backends. */
  applicationName: string;
}

interface Sides {
  db: Pool;
  service: Side;
  baseline: Side;
}

/** CPU spent by one side over the runs of a measurement. */
class CpuTotals {
  nodeMs = 0;
  databaseMs: number | undefined = 0;
  known = true;

  add(spent: { nodeMs: number; databaseMs?: number } | undefined): void {
    if (!spent) return void (this.known = false);
    this.nodeMs += spent.nodeMs;
    this.databaseMs = spent.databaseMs === undefined || this.databaseMs === undefined ? undefined : this.databaseMs + spent.databaseMs;
  }

  perRequest(requests: number): Figures['cpu'] {
    if (!this.known || requests === 0) return undefined;
    return { nodeMsPerRequest: this.nodeMs / requests, ...(this.databaseMs === undefined ? {} : { databaseMsPerRequest: this.databaseMs / requests }) };
  }
}

/**
 * Measures both sides under the same load, in the order baseline, service, service, baseline
 * (each run half the duration): load from other processes that drifts during the measurement
 * then weighs on both sides alike instead of on whichever ran second.
 */
async function compare(
  sides: Sides,
  baseline: Side,
  expectedStatus: number,
  run: (target: Target, recorder: Recorder) => Promise<unknown>,
  offeredRate?: number,
): Promise<{ baseline: Figures; service: Figures }> {
  const recorders = new Map([
    [baseline, new Recorder(expectedStatus)],
    [sides.service, new Recorder(expectedStatus)],
  ]);
  const cpu = new Map([
    [baseline, new CpuTotals()],
    [sides.service, new CpuTotals()],
  ]);
  for (const side of [baseline, sides.service, sides.service, baseline]) {
    const meter = await CpuMeter.start(side.pid, sides.db, side.applicationName);
    await run(side.target, recorders.get(side)!);
    cpu.get(side)!.add(meter ? await meter.stop() : undefined);
  }
  const figures = (side: Side) => {
    const recorder = recorders.get(side)!;
    return { ...recorder.figures(offeredRate), cpu: cpu.get(side)!.perRequest(recorder.requests) };
  };
  return { baseline: figures(baseline), service: figures(sides.service) };
}

/**
 * Before any measurement, both sides serve every selected scenario's requests in turn for
 * --warmup-all seconds: the service has a lot more code to optimize than the baseline, and
 * measured right after start it spends a fifth of its CPU in the optimizing compiler for the
 * first half-minute (seen with perf). Scenarios capped by maxConnections (login) are left out.
 */
async function warmUp(scenarios: Scenario[], states: Map<string, unknown>, options: BenchOptions, sides: Sides): Promise<void> {
  const mixed = scenarios.filter((s) => s.maxConnections === undefined);
  if (options.warmupAll === 0 || mixed.length === 0) return;
  log(`warming up both sides on ${mixed.map((s) => s.name).join(', ')} for ${options.warmupAll} s each…`);
  for (const side of [sides.baseline, sides.service]) {
    const generators = mixed.map((scenario) => ({ name: scenario.name, next: scenario.requests(states.get(scenario.name)) }));
    let i = 0;
    const next = () => {
      const { name, next: request } = generators[i++ % generators.length];
      const built = request();
      return side === sides.baseline ? { ...built, path: `/${name}${built.path}` } : built;
    };
    // Statuses are not checked here: the per-scenario check comes next.
    await closedLoop(side.target, { next, seconds: options.warmupAll, connections: options.connections, expectedStatus: 200 });
  }
}

async function runScenario(scenario: Scenario, state: unknown, options: BenchOptions, sides: Sides): Promise<ScenarioResult> {
  const service = sides.service;
  const baseline: Side = { ...sides.baseline, target: { ...sides.baseline.target, prefix: `/${scenario.name}` } };
  const expectedStatus = scenario.expectedStatus ?? 200;
  const connections = Math.min(options.connections, scenario.maxConnections ?? Infinity);
  const load = (seconds: number) => ({ next: scenario.requests(state), seconds, connections, expectedStatus });
  const seconds = Math.max(options.duration, scenario.minSeconds ?? 0);
  const half = seconds / 2;

  log(`${scenario.name}: checking that both answer alike, warming up…`);
  const next = scenario.requests(state);
  const first = next();
  await checkSameAnswer(service.target, baseline.target, first, expectedStatus, scenario.distinctPreflight ? next() : first);
  if (options.warmup > 0) {
    await closedLoop(baseline.target, load(options.warmup));
    await closedLoop(service.target, load(options.warmup));
  }
  log(`${scenario.name}: maximum rate, ${seconds} s each…`);
  const max = await compare(sides, baseline, expectedStatus, (target, recorder) => closedLoop(target, load(half), recorder));
  let fixed: { baseline: Figures; service: Figures } | undefined;
  if (options.fixedRate) {
    const rate = Math.max(1, Math.floor((max.baseline.requestsPerSecond * options.fixedRatePercent) / 100));
    log(`${scenario.name}: fixed rate ${rate}/s (${options.fixedRatePercent} % of the baseline's maximum)…`);
    fixed = await compare(sides, baseline, expectedStatus, (target, recorder) => fixedRate(target, { ...load(half), rate }, recorder), rate);
  }
  const result: ScenarioResult = {
    name: scenario.name,
    title: scenario.title,
    connections,
    seconds,
    baseline: { max: max.baseline, fixedRate: fixed?.baseline },
    service: { max: max.service, fixedRate: fixed?.service },
    ratio: max.service.requestsPerSecond / max.baseline.requestsPerSecond,
  };
  process.stdout.write(`\n${formatScenario(result)}\n\n`);
  return result;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
