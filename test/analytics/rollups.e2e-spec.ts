import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';
import { fixtures } from '../support/fixtures';
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
    expect(refresh.body.ran).toBe(true);
    expect(refresh.body.result.refreshed.map((r: any) => r.view)).toEqual([
      'analytics_daily_task_summary',
      'analytics_daily_pipeline_summary',
      'analytics_daily_agent_summary',
    ]);

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

  it('summarises pipeline executions and agent runs per day (success rate, duration, cost), and template usage from the runs; B reads nothing', async () => {
    const f = fixtures(t);
    const p = await project(t, a);
    const pipeline = await f.pipeline(a, p);
    const agent = await f.agent(a);
    const template = (await t.post('/v1/templates', { name: `tpl-${Date.now()}`, kind: 'prompt_template', content: 'Fix {{task}}' }, as(a))).body;
    const [version] = (await t.get(`/v1/templates/${template.id}/versions`, as(a))).body.items;
    // Finished runs cannot be arranged through the API quickly (runners and the agent provider finish them): written as the owner.
    await t.sql(
      `insert into pipeline_executions (organization_id, definition_id, definition_version, project_id, trigger, status, timeout_seconds, started_at, finished_at, template_version_id)
       select $1, $2, 1, $3, 'manual', s, 3600, now() - interval '10 minutes', now() - interval '5 minutes', $4
       from unnest(array['succeeded', 'succeeded', 'succeeded', 'failed']) s`,
      [a.organization.id, pipeline.id, p, version.id],
    );
    await t.sql(
      `insert into agent_runs (organization_id, agent_id, prompt, status, started_at, finished_at, estimated_cost_usd, template_version_id)
       select $1, $2, 'Do it', s, now() - interval '30 minutes', now() - interval '10 minutes', 0.25, $3
       from unnest(array['completed', 'failed']) s`,
      [a.organization.id, agent.id, version.id],
    );
    expect((await t.post('/v1/admin/jobs/analytics-rollups/run', undefined, PLATFORM_OPERATOR)).status).toBe(200);

    const pipelines = await t.get(`/v1/analytics/rollups/pipelines?definitionId=${pipeline.id}`, as(a));
    expect(pipelines.status).toBe(200);
    expect(pipelines.body.items).toEqual([
      expect.objectContaining({ definitionId: pipeline.id, executions: 4, succeeded: 3, failed: 1, successRate: 0.75, durationAvgSeconds: 300 }),
    ]);
    const agents = await t.get(`/v1/analytics/rollups/agents?agentId=${agent.id}`, as(a));
    expect(agents.body.items).toEqual([
      expect.objectContaining({ agentId: agent.id, runs: 2, completed: 1, failed: 1, successRate: 0.5, costUsd: 0.5, durationAvgSeconds: 1200 }),
    ]);

    const usage = (await t.get(`/v1/templates/${template.id}`, as(a))).body;
    expect(usage).toMatchObject({ uses: 6, successes: 4 });
    expect(usage.successRate).toBeCloseTo(4 / 6);

    expect((await t.get('/v1/analytics/rollups/pipelines', as(b))).body.items).toEqual([]);
    expect((await t.get(`/v1/analytics/rollups/agents?agentId=${agent.id}`, as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/analytics/rollups/agents', as(b))).body.items).toEqual([]);
  });

  it('closes the materialized view itself to the runtime role (no RLS of its own)', async () => {
    await expect(t.sql(`do $$ begin set local role switchyard_app; perform * from analytics_daily_task_summary; end $$`)).rejects.toThrow(/permission denied/);
  });

  it('refuses windows that are reversed or too long', async () => {
    expect((await t.get('/v1/analytics/rollups/tasks?from=2026-11-30&to=2026-11-01', as(a))).status).toBe(422);
    expect((await t.get('/v1/analytics/rollups/tasks?from=2024-01-01&to=2026-11-01', as(a))).status).toBe(422);
  });
});
