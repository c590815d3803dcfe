import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';
import { as, finish, project, task } from './support';

describe('analytics: roll-ups', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  it('summarises tasks per project and day after a refresh, and another organization reads nothing of it', async () => {
    const p = await project(t, a);
    const done = [await task(t, a, p), await task(t, a, p)];
    await task(t, a, p);
    await finish(
      t,
      done.map((x) => x.id),
      { createdHoursAgo: 0.5, startedHoursAgo: 0.25, completedHoursAgo: 0 },
    );
    const otherProject = await project(t, b);
    await task(t, b, otherProject);

    const refresh = await t.post('/v1/admin/jobs/analytics-rollups/run', undefined, PLATFORM_OPERATOR);
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ ran: true, result: { refreshed: [expect.objectContaining({ view: 'analytics_daily_task_summary' })] } });

    const mine = await t.get(`/v1/analytics/rollups/tasks?projectId=${p}`, as(a));
    expect(mine.status).toBe(200);
    const rows = mine.body.items;
    expect(rows.reduce((n: number, r: any) => n + r.created, 0)).toBe(3);
    expect(rows.reduce((n: number, r: any) => n + r.completed, 0)).toBe(2);
    const completedDay = rows.find((r: any) => r.completed === 2);
    expect(completedDay.leadTimeAvgSeconds).toBeCloseTo(1800, -1);
    expect(completedDay.cycleTimeP50Seconds).toBeCloseTo(900, -1);

    // B's own view holds only B's project; A's project id names nothing for B.
    const theirs = await t.get('/v1/analytics/rollups/tasks', as(b));
    expect(theirs.body.items.map((r: any) => r.projectId)).toEqual([otherProject]);
    expect((await t.get(`/v1/analytics/rollups/tasks?projectId=${p}`, as(b))).body.items).toEqual([]);
  });

  it('closes the materialized view itself to the runtime role (no RLS of its own)', async () => {
    await expect(t.sql(`do $$ begin set local role switchyard_app; perform * from analytics_daily_task_summary; end $$`)).rejects.toThrow(/permission denied/);
  });

  it('refuses windows that are reversed or too long', async () => {
    expect((await t.get('/v1/analytics/rollups/tasks?from=2026-11-30&to=2026-11-01', as(a))).status).toBe(422);
    expect((await t.get('/v1/analytics/rollups/tasks?from=2024-01-01&to=2026-11-01', as(a))).status).toBe(422);
  });
});
