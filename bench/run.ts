import 'reflect-metadata';
import { sign } from 'jsonwebtoken';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { JWT_AUDIENCE, JWT_ISSUER, jwtKey } from '../libs/auth/src/access-token';
import { prepareDatabase } from './lib/database';
import { closedLoop, Figures, fixedRate, Target } from './lib/load';
import { BenchOptions, parseOptions } from './lib/options';
import { ChildProcesses, freePort } from './lib/processes';
import { formatScenario, formatSummary, ScenarioResult, TARGET_RATIO, writeResults } from './lib/report';
import type { Scenario, SeedContext } from './lib/scenario';
import { checkSameAnswer } from './lib/smoke';
import { BaseDataset, seedBaseDataset } from './seed/base-dataset';
import { SCENARIOS } from './scenarios';

const ROOT = resolve(__dirname, '..');
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function selectScenarios(options: BenchOptions): Scenario[] {
  if (!options.only) return SCENARIOS;
  const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => options.only!.includes(s.name));
}

function build(): void {
  log('building the service (nest build)…');
  const result = spawnSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('nest build failed: the service cannot be benchmarked (or pass --no-build to use dist/ as it is)');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(options);
  if (options.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(16)} ${s.title}\n`);
    return;
  }

  const processes = new ChildProcesses();
  try {
    if (options.build) build();
    const { pool, serverVersion } = await prepareDatabase(options.databaseUrl, log);
    const jwtSecret = randomBytes(48).toString('base64url');
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
      accessToken: (userId, organizationId, role) =>
        sign({ sub: userId, org: organizationId, role, typ: 'access' }, signingKey, {
          expiresIn: 3600,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          algorithm: 'HS256',
        }),
    };
    const states = new Map<string, unknown>();
    for (const scenario of scenarios) states.set(scenario.name, await scenario.seed(seedContext));
    await pool.end();

    const [servicePort, baselinePort] = [await freePort(), await freePort()];
    const common = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: String(options.pool),
      JWT_SECRET: jwtSecret,
    };
    const service = processes.start('service', ['dist/src/main.js'], ROOT, {
      ...common,
      HOST: '127.0.0.1',
      PORT: String(servicePort),
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RUN_MIGRATIONS_ON_START: 'false',
      SCHEDULER_ENABLED: 'false',
      RATE_LIMIT_ORG_PER_MINUTE: '10000000',
      RATE_LIMIT_API_KEY_PER_MINUTE: '10000000',
      LOGIN_MAX_ATTEMPTS: '10000',
    });
    const baseline = processes.start('baseline', ['-r', '@swc-node/register', 'bench/baseline/server.ts'], ROOT, {
      ...common,
      PORT: String(baselinePort),
    });
    await Promise.all([
      processes.waitReady(service, `http://127.0.0.1:${servicePort}/health/ready`),
      processes.waitReady(baseline, `http://127.0.0.1:${baselinePort}/health`),
    ]);
    log(`service on 127.0.0.1:${servicePort} (pid ${service.child.pid}), baseline on 127.0.0.1:${baselinePort} (pid ${baseline.child.pid}), pool ${options.pool} each`);

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const state = states.get(scenario.name);
      const serviceTarget: Target = { host: '127.0.0.1', port: servicePort, prefix: '' };
      const baselineTarget: Target = { host: '127.0.0.1', port: baselinePort, prefix: `/${scenario.name}` };
      const expectedStatus = scenario.expectedStatus ?? 200;
      const connections = Math.min(options.connections, scenario.maxConnections ?? Infinity);
      const load = (seconds: number) => ({ next: scenario.requests(state), seconds, connections, expectedStatus });

      log(`${scenario.name}: checking that both answer alike, warming up…`);
      await checkSameAnswer(serviceTarget, baselineTarget, scenario.requests(state)(), expectedStatus);
      if (options.warmup > 0) {
        await closedLoop(baselineTarget, load(options.warmup));
        await closedLoop(serviceTarget, load(options.warmup));
      }
      log(`${scenario.name}: maximum rate, ${options.duration} s each…`);
      const baselineMax = await closedLoop(baselineTarget, load(options.duration));
      const serviceMax = await closedLoop(serviceTarget, load(options.duration));
      let baselineFixed: Figures | undefined;
      let serviceFixed: Figures | undefined;
      if (options.fixedRate) {
        const rate = Math.max(1, Math.floor(baselineMax.requestsPerSecond / 2));
        log(`${scenario.name}: fixed rate ${rate}/s (half the baseline's maximum)…`);
        baselineFixed = await fixedRate(baselineTarget, { ...load(options.duration), rate });
        serviceFixed = await fixedRate(serviceTarget, { ...load(options.duration), rate });
      }
      const result: ScenarioResult = {
        name: scenario.name,
        title: scenario.title,
        connections,
        seconds: options.duration,
        baseline: { max: baselineMax, fixedRate: baselineFixed },
        service: { max: serviceMax, fixedRate: serviceFixed },
        ratio: serviceMax.requestsPerSecond / baselineMax.requestsPerSecond,
      };
      results.push(result);
      process.stdout.write(`\n${formatScenario(result)}\n\n`);
    }

    process.stdout.write(`${formatSummary(results)}\n\n`);
    const file = writeResults(join(ROOT, 'bench', 'results'), {
      startedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: serverVersion },
      options: { ...options, databaseUrl: redact(options.databaseUrl) },
      targetRatio: TARGET_RATIO,
      results,
    });
    log(`results written to ${file}`);
  } finally {
    await processes.stopAll();
  }
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
