import { Session, TestApp } from '../support/test-app';
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
