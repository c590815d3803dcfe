import { randomUUID } from 'node:crypto';
import { PostgresCluster } from './support/cluster';
import { runLoad } from './support/load';
import { eventually, REDIS_URL, ServiceProcess, Session } from './support/service';

/**
 * Faults, on a PostgreSQL cluster this test starts itself (never the shared server): the
 * database crashes and comes back under load; a worker is killed with SIGKILL in the middle of
 * a job.
 */
describe('faults: the database goes away, a worker dies mid-job', () => {
  let cluster: PostgresCluster;
  const replicas: ServiceProcess[] = [];
  let owner: Session;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    await cluster.sql('postgres', 'create database switchyard');
    const env = {
      DATABASE_URL: cluster.urlFor('switchyard'),
      REDIS_URL,
      REDIS_KEY_PREFIX: `switchyard-ops:${randomUUID()}:`,
      JOB_REAP_CRON: '* * * * * *',
      JOB_POLL_INTERVAL_MS: '250',
      OPS_PROBE_LEASE_MS: '2000',
    };
    replicas.push(await ServiceProcess.start('faults-1', env));
    replicas.push(await ServiceProcess.start('faults-2', env));
    await cluster.sql(
      'switchyard',
      `create table ops_probe_attempts (job_id uuid not null, worker text not null, attempt integer not null, at timestamptz not null default clock_timestamp());
       create table ops_probe_effects (job_id uuid not null, worker text not null, at timestamptz not null default clock_timestamp());
       grant select, insert on ops_probe_attempts, ops_probe_effects to switchyard_app;`,
    );
    owner = await replicas[0].signup();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGTERM', 15_000)));
    await cluster?.destroy();
  });

  it('while PostgreSQL is down: 503 and not ready, alive; after it is back: ready, and every acknowledged write is there', async () => {
    const project = await replicas[0].request('POST', '/v1/projects', { ...as(), body: { name: 'Faults', slug: `faults-${randomUUID().slice(0, 8)}` } });
    expect(project.status).toBe(201);
    const load = runLoad({
      targets: () => replicas.map((replica) => replica.url),
      clients: 6,
      token: owner.accessToken,
      body: (i) => ({ projectId: project.body.id, title: `fault ${i}`, status: 'todo' }),
      attempts: 10_000,
      retryDelayMs: 100,
    });
    await load.until(40);

    // A crash: no checkpoint, the server recovers from its WAL at the next start.
    await cluster.stop('immediate');
    const acknowledgedBefore = load.accepted;
    for (const replica of replicas) {
      await eventually(`${replica.name} not ready`, async () => ((await replica.request('GET', '/health/ready')).status === 503 ? true : undefined), 30_000);
      const request = await replica.request('GET', '/v1/me', as());
      expect([request.status, request.body.code, request.body.retryable]).toEqual([503, 'COMMON.DATABASE_UNAVAILABLE', true]);
      expect(request.headers.get('retry-after')).toBe('2');
      // Liveness never asks the database: an outage must not get the pods restarted.
      expect((await replica.request('GET', '/health/live')).status).toBe(200);
    }

    await cluster.start();
    for (const replica of replicas) await replica.ready(60_000);
    await load.until(load.accepted + 40);
    const outcome = await load.stop();

    expect(outcome.failed).toEqual([]);
    expect(acknowledgedBefore).toBeGreaterThanOrEqual(40);
    // Every request the service acknowledged (201, or its replay) is stored, once.
    const rows = await cluster.sql<{ id: string }>('switchyard', 'select id from tasks where project_id = $1', [project.body.id]);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(outcome.ids));
    expect(rows).toHaveLength(outcome.accepted);
    process.stdout.write(`database crash under load: ${outcome.accepted} acknowledged, ${outcome.retries} retries (${JSON.stringify(outcome.retryCauses)})\n`);
  });

  it('kill -9 of a worker mid-job: the job runs again on the other replica after its lease, and its effect happens once', async () => {
    const [{ id }] = await cluster.sql<{ id: string }>(
      'switchyard',
      `select job_queue_send('ops-probe', null, '{"holdFirstAttemptMs": 120000}'::jsonb, null, 5, 100, 1000, null) as id`,
    );
    // The first attempt has started (and holds the job for two minutes).
    const first = await eventually('the first attempt to start', async () => {
      const [row] = await cluster.sql<{ worker: string }>('switchyard', 'select worker from ops_probe_attempts where job_id = $1 and attempt = 1', [id]);
      return row;
    });
    const victim = replicas.find((replica) => first.worker.includes(`:${replica.pid}:`))!;
    expect(victim).toBeDefined();
    expect(await victim.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // The reaper hands the job back once its lease (2 s, no heartbeat any more) has expired.
    const effects = await eventually(
      'the job to finish on the other replica',
      async () => {
        const rows = await cluster.sql<{ worker: string }>('switchyard', 'select worker from ops_probe_effects where job_id = $1', [id]);
        return rows.length > 0 ? rows : undefined;
      },
      60_000,
    );
    const job = await eventually('the job to be completed', async () => {
      const [row] = await cluster.sql('switchyard', 'select state, attempts from job_queue where id = $1', [id]);
      return row.state === 'completed' ? row : undefined;
    });
    expect(job).toEqual({ state: 'completed', attempts: 2 });
    const attempts = await cluster.sql<{ worker: string; attempt: number }>(
      'switchyard',
      'select worker, attempt from ops_probe_attempts where job_id = $1 order by attempt',
      [id],
    );
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(attempts[1].worker).not.toBe(first.worker);
    expect(effects).toHaveLength(1);
    expect(effects[0].worker).toBe(attempts[1].worker);
  });
});
