import { TenantTransaction } from '@switchyard/database';
import { Job, JobFailure, JobQueue } from '@switchyard/jobs';
import { Session, TestApp } from '../support/test-app';

/** Polls `probe` until it returns a value, at most `attempts` times: no fixed sleeps. */
async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, attempts = 400): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

describe('JobQueue (Postgres-backed)', () => {
  let t: TestApp;
  let queue: JobQueue;
  let transaction: TenantTransaction;
  let owner: Session;

  beforeAll(async () => {
    t = await TestApp.start({ JOB_POLL_INTERVAL_MS: '50' });
    queue = t.app.get(JobQueue);
    transaction = t.app.get(TenantTransaction);
    owner = await t.signup();
    // Booting the embedded database is slow on a busy machine.
  }, 180_000);
  afterAll(() => t.close());

  const send = (name: string, payload: object, options = {}) =>
    transaction.run({ organizationId: owner.organization.id }, () => queue.send(name, payload, options));

  const stateOf = async (id: string) => (await t.sql(`select state, attempts, last_error from job_queue where id = $1`, [id]))[0];

  it('runs a job once, for the tenant that sent it, and marks it completed', async () => {
    const seen: Array<Job<{ n: number }>> = [];
    queue.work<{ n: number }>('test.once', { concurrency: 2, handle: async (job) => void seen.push(job) });
    const id = await send('test.once', { n: 7 });
    await eventually(async () => (await stateOf(id)).state === 'completed');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id, organizationId: owner.organization.id, payload: { n: 7 }, attempt: 1 });
  });

  it('leaves no job behind when the transaction that sent it rolls back', async () => {
    let id: string | undefined;
    const failing = transaction.run({ organizationId: owner.organization.id }, async () => {
      id = await queue.send('test.rolled-back', { n: 1 });
      throw new Error('the request failed after enqueuing');
    });
    await expect(failing).rejects.toThrow('the request failed after enqueuing');
    expect(id).toBeDefined();
    expect(await t.sql(`select id from job_queue where id = $1 or queue = 'test.rolled-back'`, [id])).toEqual([]);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    let calls = 0;
    queue.work('test.flaky', {
      concurrency: 1,
      handle: async () => {
        calls += 1;
        if (calls < 3) throw new Error(`boom ${calls}`);
      },
    });
    const id = await send('test.flaky', {}, { backoffMs: 10, maxAttempts: 5 });
    await eventually(async () => (await stateOf(id)).state === 'completed');
    expect(calls).toBe(3);
    expect(await stateOf(id)).toMatchObject({ attempts: 3, last_error: 'boom 2' });
  });

  it('dead-letters a job when attempts run out or the failure is not retryable, and replays it on request', async () => {
    const dead: string[] = [];
    let fail = true;
    queue.work('test.dead', {
      concurrency: 1,
      handle: async () => {
        if (fail) throw new JobFailure('permanently broken', false);
      },
      onDead: async (job, error) => void dead.push(`${job.id}:${error}`),
    });
    const id = await send('test.dead', {}, { maxAttempts: 5 });
    await eventually(async () => (await stateOf(id)).state === 'dead');
    expect(await stateOf(id)).toMatchObject({ attempts: 1, last_error: 'permanently broken' });
    await eventually(() => dead.length === 1);
    expect(dead).toEqual([`${id}:permanently broken`]);

    const exhausted = await send('test.dead', {}, { maxAttempts: 1 });
    fail = true;
    await eventually(async () => (await stateOf(exhausted)).state === 'dead');

    fail = false;
    expect(await transaction.run({ organizationId: owner.organization.id }, () => queue.retry(id))).toBe(true);
    await eventually(async () => (await stateOf(id)).state === 'completed');
  });

  it('dead-letters a job whose retryable failures use up its attempts, once', async () => {
    const dead: string[] = [];
    let calls = 0;
    queue.work('test.exhausted', {
      concurrency: 1,
      handle: async () => {
        calls += 1;
        throw new JobFailure(`transient ${calls}`, true);
      },
      onDead: async (job, error) => void dead.push(`${job.id}:${error}`),
    });
    const id = await send('test.exhausted', {}, { maxAttempts: 2, backoffMs: 10 });
    await eventually(() => dead.length === 1);
    expect(await stateOf(id)).toMatchObject({ state: 'dead', attempts: 2, last_error: 'transient 2' });
    expect(calls).toBe(2);
    expect(dead).toEqual([`${id}:transient 2`]);
  });

  it("never replays another tenant's job", async () => {
    const other = await t.signup();
    queue.work('test.isolated', { concurrency: 1, handle: async () => Promise.reject(new JobFailure('no', false)) });
    const id = await send('test.isolated', {});
    await eventually(async () => (await stateOf(id)).state === 'dead');
    expect(await transaction.run({ organizationId: other.organization.id }, () => queue.retry(id))).toBe(false);
    await expect(
      transaction.run({ organizationId: other.organization.id }, () => queue.send('test.isolated', {}, { organizationId: owner.organization.id })),
    ).rejects.toThrow();
  });

  it('keeps at most globalConcurrency jobs of a queue running at once', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    queue.work('test.limited', {
      concurrency: 4,
      globalConcurrency: 2,
      handle: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate;
        running -= 1;
        done += 1;
      },
    });
    // All six become due at once.
    await transaction.run({ organizationId: owner.organization.id }, async () => {
      for (let i = 0; i < 6; i += 1) await queue.send('test.limited', { i });
    });
    await eventually(() => running === 2);
    const [{ active }] = await t.sql(`select count(*)::int as active from job_queue where queue = 'test.limited' and state = 'active'`);
    expect(active).toBe(2);
    open();
    await eventually(() => done === 6);
    expect(peak).toBe(2);
  });

  it('returns a job whose worker died to the queue once its lease expires', async () => {
    const ran: string[] = [];
    const id = await send('test.orphan', {});
    // Another "process" claims it and dies: its lease is 1 ms.
    await t.sql(`select * from job_queue_claim('test.orphan', 'dead-worker', 1, 1, null)`);
    await eventually(async () => (await t.sql(`select 1 from job_queue where id = $1 and locked_until < now()`, [id])).length === 1);
    const reaped = await queue.reap();
    expect(reaped).toContainEqual({ id, queue: 'test.orphan', state: 'queued' });
    queue.work('test.orphan', { concurrency: 1, handle: async (job) => void ran.push(job.id) });
    await eventually(async () => (await stateOf(id)).state === 'completed');
    expect(ran).toEqual([id]);
    expect((await stateOf(id)).attempts).toBe(2);
  });

  it('dead-letters the job of a dead worker that held its last attempt, and says so once', async () => {
    const dead: string[] = [];
    // Sent for later, so that only the "dead worker" below can claim it.
    const id = await send('test.orphan-last', {}, { maxAttempts: 1, runAt: new Date(Date.now() + 3_600_000) });
    await t.sql(`update job_queue set run_at = now() where id = $1`, [id]);
    await t.sql(`select * from job_queue_claim('test.orphan-last', 'dead-worker', 1, 1, null)`);
    queue.work('test.orphan-last', { concurrency: 1, handle: async () => undefined, onDead: async (job, error) => void dead.push(`${job.id}:${error}`) });
    await eventually(async () => (await t.sql(`select 1 from job_queue where id = $1 and locked_until < now()`, [id])).length === 1);
    expect(await queue.reap()).toContainEqual({ id, queue: 'test.orphan-last', state: 'dead' });
    expect(dead).toEqual([`${id}:the worker stopped before finishing, and no attempts remain`]);
    expect(await stateOf(id)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('reports itself in readiness and its depth in /metrics', async () => {
    const ready = await t.get('/health/ready');
    expect(ready.body.info.jobQueue).toEqual({ status: 'up', workers: 'running' });
    await send('test.unworked', {});
    const metrics: string = (await t.get('/metrics')).body;
    expect(metrics).toContain('# TYPE job_queue_jobs gauge');
    expect(metrics).toMatch(/job_queue_jobs\{queue="test.unworked",state="queued"\} 1/);
  });

  it('completes a job in the handler’s own transaction: with its effects, or not at all when that transaction rolls back', async () => {
    // A scratch table outside `public`, whose tables the schema-drift test holds to the entities.
    await t.sql(`create schema if not exists test_scratch; create table if not exists test_scratch.job_effects (job_id uuid primary key)`);
    await t.sql(`grant usage on schema test_scratch to switchyard_app; grant all on test_scratch.job_effects to switchyard_app`);
    const attempts: number[] = [];
    queue.work('test.complete-in-tx', {
      concurrency: 1,
      handle: async (job) => {
        attempts.push(job.attempt);
        await transaction.run({}, async () => {
          await transaction.query(`insert into test_scratch.job_effects (job_id) values ($1)`, [job.id]);
          await queue.completeInTransaction(job);
          if (job.attempt === 1) throw new Error('rolled back after completing');
        });
      },
    });
    const id = await send('test.complete-in-tx', {}, { backoffMs: 10 });
    await eventually(async () => (await stateOf(id)).state === 'completed');
    // The first attempt's completion rolled back with its effect; the second committed both.
    expect(attempts).toEqual([1, 2]);
    expect(await t.sql(`select job_id from test_scratch.job_effects where job_id = $1`, [id])).toHaveLength(1);
    expect((await stateOf(id)).attempts).toBe(2);
  });

  it('runs one pending job per singleton key', async () => {
    const a = await send('test.single', { n: 1 }, { singletonKey: 'repo-1', runAt: new Date(Date.now() + 3_600_000) });
    const b = await send('test.single', { n: 2 }, { singletonKey: 'repo-1' });
    expect(b).toBe(a);
  });
});

// The embedded database is one backend owned by one process: send() wakes its workers in-process.
(process.env.DATABASE_URL ? describe : describe.skip)('JobQueue wake-up across processes (PostgreSQL)', () => {
  let t: TestApp;
  let queue: JobQueue;

  // Polling so slow that only the notification (or a delayed job's due time) can wake the worker within the test.
  beforeAll(async () => {
    t = await TestApp.start({ JOB_POLL_INTERVAL_MS: '60000', JOB_LISTENING_POLL_INTERVAL_MS: '60000' });
    queue = t.app.get(JobQueue);
  }, 180_000);
  afterAll(() => t.close());

  it('claims a job enqueued by another process when that transaction commits, without waiting for a poll', async () => {
    const sql = (payload: object) => t.sql(`select job_queue_send('test.notified', null, $1, null, 1, 0, 0, null) as id`, [payload]);
    const ran: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const [{ id: first }] = await sql({ hold: true });
    queue.work<{ hold?: boolean }>('test.notified', {
      concurrency: 2,
      handle: async (job) => {
        ran.push(job.id);
        if (job.payload.hold) await gate;
      },
    });
    // The first poll claimed the held job and the next poll is a minute away; the held job keeps a
    // finishing job from triggering a claim either. Only the notification can start the second.
    await eventually(() => ran.length === 1);
    const [{ id: second }] = await sql({});
    await eventually(() => ran.length === 2);
    open();
    expect(ran).toEqual([first, second]);
  });

  it('an idle worker sleeps until a delayed job of another process is due, and runs it then', async () => {
    const ran: number[] = [];
    queue.work('test.delayed', { concurrency: 1, handle: async () => void ran.push(Date.now()) });
    const [{ id }] = await t.sql<{ id: string }>(`select job_queue_send('test.delayed', null, '{}', now() + interval '600 milliseconds', 1, 0, 0, null) as id`);
    const [{ due }] = await t.sql<{ due: Date }>(`select run_at as due from job_queue where id = $1`, [id]);
    await eventually(() => ran.length === 1);
    expect(ran[0]).toBeGreaterThanOrEqual(due.getTime() - 50);
  });

  it('a failed attempt is retried after its backoff, and a dead job replayed by another process runs again, without a poll', async () => {
    const attempts: number[] = [];
    queue.work('test.retried', {
      concurrency: 1,
      handle: async (job) => {
        attempts.push(job.attempt);
        if (attempts.length === 1) throw new Error('flaky once');
        if (attempts.length === 2) throw new JobFailure('broken for good', false);
      },
    });
    const [{ id }] = await t.sql<{ id: string }>(`select job_queue_send('test.retried', null, '{}', null, 5, 200, 200, null) as id`);
    await eventually(async () => (await t.sql(`select state from job_queue where id = $1`, [id]))[0].state === 'dead');
    expect(attempts).toEqual([1, 2]);
    await t.sql(`select job_queue_retry($1)`, [id]);
    await eventually(() => attempts.length === 3);
    await eventually(async () => (await t.sql(`select state from job_queue where id = $1`, [id]))[0].state === 'completed');
  });
});
