import { randomUUID } from 'node:crypto';
import { createProbeTables, eventually, LogLine, REDIS_URL, ScratchDatabase, sendProbeJobs, ServiceProcess, Session } from './support/service';
import { runLoad } from './support/load';

/**
 * Three service processes on one database and one Redis, as three pods behind a load balancer
 * (docs/scaling.md, "Replicas"): scheduled jobs run once per tick, queue jobs and ready-queue
 * claims are never doubled, rate limits are shared, and a rolling restart under load loses
 * nothing that was accepted.
 */
describe('three replicas on one database', () => {
  let database: ScratchDatabase;
  const replicas: ServiceProcess[] = [];
  let env: Record<string, string>;
  let owner: Session;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    database = await ScratchDatabase.create();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `switchyard-ops:${randomUUID()}:`,
      // Every second, so a few seconds show many ticks contended by three schedulers.
      JOB_REAP_CRON: '* * * * * *',
      JOB_POLL_INTERVAL_MS: '250',
      RATE_LIMIT_API_KEY_PER_MINUTE: '30',
      OPS_PROBE_LEASE_MS: '2000',
    };
    // Started together: the migrations run once, under the runner's advisory lock.
    replicas.push(...(await Promise.all([1, 2, 3].map((n) => ServiceProcess.start(`replica-${n}`, env)))));
    await createProbeTables(database);
    owner = await replicas[0].signup();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database?.drop();
  });

  it('started together, they applied every migration once', async () => {
    const [{ applied, distinct }] = await database.sql(`select count(*)::int as applied, count(distinct name)::int as distinct from migrations`);
    expect(applied).toBe(distinct);
    for (const replica of replicas) expect((await replica.request('GET', '/health/ready')).body.info.migrations).toEqual({ status: 'up', pending: 0 });
  });

  it('runs a scheduled job once per tick across the three schedulers', async () => {
    type Report = { replica: string; ran: boolean };
    const reportsByTick = () => {
      const ticks = new Map<string, Report[]>();
      for (const replica of replicas) {
        for (const line of replica.logs as Array<LogLine & { job?: string; tick?: string; ran?: boolean }>) {
          if (line.job !== 'job-queue-reap' || !line.tick) continue;
          ticks.set(line.tick, [...(ticks.get(line.tick) ?? []), { replica: replica.name, ran: line.ran === true }]);
        }
      }
      return ticks;
    };
    // Ticks every scheduler reported on (ran or skipped): each was contended by all three.
    const contended = await eventually('eight ticks contended by three schedulers', () => {
      const full = [...reportsByTick()].filter(([, reports]) => reports.length === 3);
      return full.length >= 8 ? full : undefined;
    });
    for (const [tick, reports] of contended) expect({ tick, ran: reports.filter((r) => r.ran).length }).toEqual({ tick, ran: 1 });
    // Never more than one run of a tick, even among ticks not every replica reported yet.
    for (const [tick, reports] of reportsByTick()) expect({ tick, runs: reports.filter((r) => r.ran).length <= 1 }).toEqual({ tick, runs: true });
  });

  it('works each queue job once, spread over the replicas', async () => {
    const ids = await sendProbeJobs(database, 300);
    await eventually(
      'every probe job to finish',
      async () => {
        const [{ done }] = await database.sql(`select count(*)::int as done from job_queue where id = any($1) and state = 'completed'`, [ids]);
        return done === ids.length ? true : undefined;
      },
      60_000,
    );
    const [attempts] = await database.sql(
      `select count(*)::int as n, count(distinct job_id)::int as jobs, count(distinct worker)::int as workers from ops_probe_attempts where job_id = any($1)`,
      [ids],
    );
    const [effects] = await database.sql(`select count(*)::int as n, count(distinct job_id)::int as jobs from ops_probe_effects where job_id = any($1)`, [ids]);
    expect(attempts).toEqual({ n: 300, jobs: 300, workers: expect.any(Number) });
    expect(attempts.workers).toBeGreaterThanOrEqual(2);
    expect(effects).toEqual({ n: 300, jobs: 300 });
  });

  it('never hands one ready task to two claimers, whichever replica they ask', async () => {
    const project = await replicas[0].request('POST', '/v1/projects', { ...as(), body: { name: 'Claims', slug: `claims-${randomUUID().slice(0, 8)}` } });
    expect(project.status).toBe(201);
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        replicas[i % 3].request('POST', '/v1/tasks', { ...as(), body: { projectId: project.body.id, title: `ready ${i}`, status: 'todo' } }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(30).fill(201));
    // Ninety claimers: agents of the organization (a task's agent assignee must exist and be active).
    const agents = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        replicas[i % 3].request('POST', '/v1/agents', {
          ...as(),
          body: {
            name: `claimer ${i} ${randomUUID().slice(0, 8)}`,
            type: 'coding',
            provider: 'codegen',
            credentials: { organizationId: '1', apiToken: `token-${i}` },
          },
        }),
      ),
    );
    expect(agents.filter((r) => r.status !== 201).map((r) => [r.status, r.body])).toEqual([]);
    const claims = await Promise.all(
      agents.map((agent, i) =>
        replicas[i % 3].request('POST', '/v1/tasks/claim', { ...as(), body: { projectId: project.body.id, assignee: { type: 'agent', id: agent.body.id } } }),
      ),
    );
    expect(claims.filter((c) => c.status !== 200).map((c) => [c.status, c.body])).toEqual([]);
    const won = claims.map((c) => c.body.task).filter(Boolean);
    expect(won).toHaveLength(30);
    expect(new Set(won.map((task: any) => task.id))).toEqual(new Set(created.map((r) => r.body.id)));
    const [stored] = await database.sql(
      `select count(*)::int as n, count(distinct assignee_id)::int as assignees from tasks where project_id = $1 and status = 'in_progress'`,
      [project.body.id],
    );
    expect(stored).toEqual({ n: 30, assignees: 30 });
  });

  it('shares the API key rate limit through Redis: 30 per minute in all, not 30 per replica', async () => {
    const key = await replicas[0].request('POST', '/v1/api-keys', { ...as(), body: { name: 'shared-limit', role: 'viewer' } });
    expect(key.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 90; i += 1) statuses.push((await replicas[i % 3].request('GET', '/v1/me', { apiKey: key.body.key })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60);
    // Each replica served some and refused some: the counter is one.
    for (let r = 0; r < 3; r += 1) expect(statuses.filter((s, i) => i % 3 === r && s === 429).length).toBeGreaterThan(0);
  });

  it('a rolling restart (SIGTERM one replica at a time) under load loses no accepted request', async () => {
    const project = await replicas[0].request('POST', '/v1/projects', { ...as(), body: { name: 'Rolling', slug: `rolling-${randomUUID().slice(0, 8)}` } });
    const ports = replicas.map((replica) => replica.port);
    const load = runLoad({
      targets: () => ports.map((port) => `http://127.0.0.1:${port}`),
      clients: 8,
      token: owner.accessToken,
      body: (i) => ({ projectId: project.body.id, title: `rolling ${i}`, status: 'todo' }),
    });
    await load.until(50);
    for (let i = 0; i < replicas.length; i += 1) {
      const before = load.accepted;
      const exit = await replicas[i].stop('SIGTERM');
      // A clean, drained exit: 0, within the grace period (not killed).
      expect(exit).toEqual({ code: 0, signal: null });
      replicas[i] = await ServiceProcess.start(`replica-${i + 1}-restarted`, { ...env, PORT: String(ports[i]) });
      await load.until(before + 40);
    }
    const outcome = await load.stop();
    // Every request the load generator made ended accepted (201, or 200 for a replayed retry)...
    expect(outcome.failed).toEqual([]);
    expect(outcome.accepted).toBe(outcome.issued);
    // ...and each accepted task is stored exactly once.
    const rows = await database.sql<{ id: string; title: string }>(`select id, title from tasks where project_id = $1`, [project.body.id]);
    expect(rows).toHaveLength(outcome.issued);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(outcome.ids));
    // The restarts were felt: some requests met a closing or stopped replica and were retried elsewhere.
    process.stdout.write(`rolling restart: ${outcome.issued} requests, ${outcome.retries} retries (${JSON.stringify(outcome.retryCauses)})\n`);
  });
});
