import { Session, TestApp } from '../support/test-app';
import { fixtures } from '../support/fixtures';
import { as, finish, project, task } from './support';

describe('analytics: learning (patterns, recommendations, estimates)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  it('mines a slow workflow phase from the tasks’ history, with evidence and a recommendation; deciding it records effectiveness', async () => {
    const p = await project(t, a);
    const wf = (await t.post('/v1/workflows', { projectId: p, name: 'Release', phases: [{ name: 'Build' }, { name: 'Test' }, { name: 'Review' }] }, as(a)))
      .body;
    const [build, test, review] = wf.phases;
    const inPhase = async (phaseId: string, n: number) => Promise.all(Array.from({ length: n }, () => task(t, a, p, { phaseId })));
    const hours = { [build.id]: 2, [test.id]: 3, [review.id]: 20 };
    for (const phase of [build, test, review]) {
      const tasks = await inPhase(phase.id, 4);
      await finish(
        t,
        tasks.map((x) => x.id),
        { createdHoursAgo: hours[phase.id] + 1, startedHoursAgo: hours[phase.id], completedHoursAgo: 0 },
      );
    }
    const mined = await t.post('/v1/learning/patterns/mine', undefined, as(a));
    expect(mined.status).toBe(200);
    expect(mined.body.items).toHaveLength(1);
    const pattern = mined.body.items[0];
    expect(pattern).toMatchObject({ type: 'slow_phase', key: review.id, occurrences: 4, effectiveness: null });
    expect(pattern.evidence.ratio).toBeCloseTo(8, 0);
    expect(pattern.description).toContain('Review');
    // Mining again refreshes the same pattern.
    const again = await t.post('/v1/learning/patterns/mine', undefined, as(a));
    expect(again.body.items[0].id).toBe(pattern.id);
    expect((await t.get(`/v1/learning/patterns/${pattern.id}`, as(a))).body.id).toBe(pattern.id);
    expect((await t.get('/v1/learning/patterns?type=slow_phase', as(a))).body.items).toHaveLength(1);

    const recommendations = (await t.get('/v1/learning/recommendations', as(a))).body.items;
    expect(recommendations).toHaveLength(1);
    expect(recommendations[0]).toMatchObject({ patternId: pattern.id, status: 'open' });
    const done = await t.patch(`/v1/learning/recommendations/${recommendations[0].id}`, { version: 1, status: 'done' }, as(a));
    expect(done.body).toMatchObject({ status: 'done', version: 2 });
    expect((await t.get(`/v1/learning/patterns/${pattern.id}`, as(a))).body.effectiveness).toBe(1);
    expect((await t.patch(`/v1/learning/recommendations/${recommendations[0].id}`, { version: 1, status: 'dismissed' }, as(a))).status).toBe(409);

    // B: nothing of A's.
    expect((await t.get(`/v1/learning/patterns/${pattern.id}`, as(b))).status).toBe(404);
    expect((await t.get('/v1/learning/patterns', as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/learning/recommendations', as(b))).body.items).toEqual([]);
    expect((await t.patch(`/v1/learning/recommendations/${recommendations[0].id}`, { version: 2, status: 'open' }, as(b))).status).toBe(404);
    expect((await t.post('/v1/learning/patterns/mine', undefined, as(b))).body.items).toEqual([]);
  });

  it('mines flaky pipeline steps (pass on retry) and agents failing on a task type from the pipelines and agents tables', async () => {
    const f = fixtures(t);
    const p = await project(t, a);
    const pipeline = await f.pipeline(a, p);
    const [execution] = await t.sql<{ id: string; created_at: string }>(
      `insert into pipeline_executions (organization_id, definition_id, definition_version, project_id, trigger, status, timeout_seconds, started_at, finished_at)
       values ($1, $2, 1, $3, 'manual', 'succeeded', 3600, now(), now()) returning id, created_at::text`,
      [a.organization.id, pipeline.id, p],
    );
    // Step "e2e": 10 runs, 2 failed, 2 passed on their second attempt: flaky. Step "lint": always passes.
    await t.sql(
      `insert into pipeline_step_executions (organization_id, execution_id, execution_created_at, key, name, position, status, attempt, timeout_seconds)
       select $1, $2, $3::timestamptz, k, k, 0, s, att, 600
       from (values ('e2e', 'succeeded', 1), ('e2e', 'succeeded', 1), ('e2e', 'succeeded', 1), ('e2e', 'succeeded', 1), ('e2e', 'succeeded', 1),
                    ('e2e', 'succeeded', 1), ('e2e', 'succeeded', 2), ('e2e', 'succeeded', 2), ('e2e', 'failed', 1), ('e2e', 'failed', 1),
                    ('lint', 'succeeded', 1), ('lint', 'succeeded', 1), ('lint', 'succeeded', 1), ('lint', 'succeeded', 1), ('lint', 'succeeded', 1)) v(k, s, att)`,
      [a.organization.id, execution.id, execution.created_at],
    );
    const agent = await f.agent(a);
    const bug = await task(t, a, p, { type: 'bug' });
    await t.sql(
      `insert into agent_runs (organization_id, agent_id, task_id, prompt, status, started_at, finished_at)
       select $1, $2, $3, 'Fix it', s, now(), now() from unnest(array['failed', 'failed', 'failed', 'failed', 'completed', 'completed']) s`,
      [a.organization.id, agent.id, bug.id],
    );
    const mined = (await t.post('/v1/learning/patterns/mine', undefined, as(a))).body.items;
    const flaky = mined.find((x: any) => x.type === 'flaky_step');
    expect(flaky).toMatchObject({ key: `${pipeline.id}:e2e`, evidence: { runs: 10, failures: 4, flips: 2 } });
    expect(mined.filter((x: any) => x.type === 'flaky_step')).toHaveLength(1);
    expect(mined.find((x: any) => x.type === 'agent_task_type_failure')).toMatchObject({ key: `${agent.id}:bug`, occurrences: 4 });
    expect((await t.post('/v1/learning/patterns/mine', undefined, as(b))).body.items).toEqual([]);
  });

  it('mines recurring failure messages of agent runs (ids and numbers taken out), and another organization sees none', async () => {
    const f = fixtures(t);
    const p = await project(t, a);
    const agent = await f.agent(a);
    const work = await task(t, a, p, { type: 'task' });
    await t.sql(
      `insert into agent_runs (organization_id, agent_id, task_id, prompt, status, error, started_at, finished_at)
       select $1, $2, $3, 'Upgrade it', 'failed', e, now(), now()
       from unnest(array['Codegen answered 502 after 3 attempts', 'Codegen answered 503 after 4 attempts', 'Codegen answered 502 after 5 attempts', 'Prompt rejected']) e`,
      [a.organization.id, agent.id, work.id],
    );
    const mined = (await t.post('/v1/learning/patterns/mine', undefined, as(a))).body.items;
    const recurring = mined.filter((x: any) => x.type === 'failure_message');
    expect(recurring).toEqual([
      expect.objectContaining({
        key: 'agent_run:Codegen answered <n> after <n> attempts',
        occurrences: 3,
        evidence: expect.objectContaining({ source: 'agent_run', signature: 'Codegen answered <n> after <n> attempts' }),
      }),
    ]);
    expect((await t.post('/v1/learning/patterns/mine', undefined, as(b))).body.items).toEqual([]);
  });

  it('estimates a task’s duration from comparable finished tasks, with an interval, and reports its held-out error', async () => {
    const p = await project(t, a);
    const finished = await Promise.all(Array.from({ length: 6 }, () => task(t, a, p, { type: 'bug', labels: ['db'] })));
    for (const [i, x] of finished.entries()) await finish(t, [x.id], { createdHoursAgo: 10 + i, startedHoursAgo: 2 + i, completedHoursAgo: 0 });
    const open = await task(t, a, p, { type: 'bug', labels: ['db'] });
    const estimate = await t.get(`/v1/tasks/${open.id}/estimate`, as(a));
    expect(estimate.status).toBe(200);
    expect(estimate.body.estimate).toMatchObject({ basis: 'project+type+labels', samples: 6 });
    expect(estimate.body.estimate.hours).toBeCloseTo(4.5, 1);
    expect(estimate.body.estimate.low).toBeLessThan(estimate.body.estimate.hours);
    expect(estimate.body.estimate.high).toBeGreaterThan(estimate.body.estimate.hours);

    const accuracy = await t.get('/v1/learning/estimates/accuracy', as(a));
    expect(accuracy.status).toBe(200);
    expect(accuracy.body.trained + Math.max(accuracy.body.tested, 0)).toBeGreaterThan(0);

    // B: A's task is not found, and B's history is empty.
    expect((await t.get(`/v1/tasks/${open.id}/estimate`, as(b))).status).toBe(404);
    const q = await project(t, b);
    const theirs = await task(t, b, q, { type: 'bug', labels: ['db'] });
    expect((await t.get(`/v1/tasks/${theirs.id}/estimate`, as(b))).body.estimate).toBeNull();
    expect((await t.get('/v1/learning/estimates/accuracy', as(b))).body).toMatchObject({ trained: 0, tested: 0 });
  });
});
