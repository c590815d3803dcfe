import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';
import { as } from './support';

describe('analytics: optimisation runs, learning models, templates, system health', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  it('records an optimisation run and its generations', async () => {
    const run = await t.post(
      '/v1/optimization-runs',
      { name: 'Tune triage prompt', evaluationType: 'prompt_optimization', populationSize: 20, generations: 5, fitnessFunction: 'pass_rate' },
      as(a),
    );
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ status: 'pending', populationSize: 20, history: [], startedAt: null });
    const running = await t.patch(
      `/v1/optimization-runs/${run.body.id}`,
      { version: 1, status: 'running', appendHistory: [{ generation: 1, bestFitness: 0.5 }] },
      as(a),
    );
    expect(running.body).toMatchObject({ status: 'running', version: 2, history: [{ generation: 1, bestFitness: 0.5 }], startedAt: expect.any(String) });
    const done = await t.patch(
      `/v1/optimization-runs/${run.body.id}`,
      { version: 2, status: 'completed', bestFitness: 0.9, bestSolution: { temperature: 0.2 }, appendHistory: [{ generation: 2, bestFitness: 0.9 }] },
      as(a),
    );
    expect(done.body).toMatchObject({ status: 'completed', bestFitness: 0.9, bestSolution: { temperature: 0.2 }, finishedAt: expect.any(String) });
    expect(done.body.history).toHaveLength(2);
    expect((await t.get('/v1/optimization-runs?status=completed', as(a))).body.items.map((r: any) => r.id)).toEqual([run.body.id]);
    expect((await t.patch(`/v1/optimization-runs/${run.body.id}`, { version: 1, status: 'failed' }, as(a))).status).toBe(409);

    for (const request of [
      t.get(`/v1/optimization-runs/${run.body.id}`, as(b)),
      t.patch(`/v1/optimization-runs/${run.body.id}`, { version: 3, status: 'failed' }, as(b)),
      t.delete(`/v1/optimization-runs/${run.body.id}`, as(b)),
    ])
      expect((await request).status).toBe(404);
    expect((await t.get('/v1/optimization-runs', as(b))).body.items).toEqual([]);
    expect((await t.delete(`/v1/optimization-runs/${run.body.id}`, as(a))).status).toBe(204);
  });

  it('registers learning models; names are unique per organization', async () => {
    const model = await t.post(
      '/v1/learning-models',
      { name: 'duration-gbm', modelType: 'regression', algorithm: 'gradient_boosting', accuracy: 0.8731, targetModules: ['tasks'] },
      as(a),
    );
    expect(model.status).toBe(201);
    expect(model.body).toMatchObject({ accuracy: 0.8731, status: 'training', targetModules: ['tasks'] });
    expect((await t.post('/v1/learning-models', { name: 'duration-gbm', modelType: 'regression', algorithm: 'x' }, as(a))).status).toBe(409);
    // Another organization may use the same name, and sees nothing of A's.
    expect((await t.post('/v1/learning-models', { name: 'duration-gbm', modelType: 'regression', algorithm: 'x' }, as(b))).status).toBe(201);
    const updated = await t.patch(`/v1/learning-models/${model.body.id}`, { version: 1, status: 'active', accuracy: 0.9 }, as(a));
    expect(updated.body).toMatchObject({ status: 'active', accuracy: 0.9, version: 2 });
    expect((await t.get(`/v1/learning-models/${model.body.id}`, as(b))).status).toBe(404);
    expect((await t.patch(`/v1/learning-models/${model.body.id}`, { version: 2, status: 'retired' }, as(b))).status).toBe(404);
    expect((await t.delete(`/v1/learning-models/${model.body.id}`, as(b))).status).toBe(404);
    expect((await t.get('/v1/learning-models', as(b))).body.items.map((m: any) => m.id)).not.toContain(model.body.id);
    expect((await t.delete(`/v1/learning-models/${model.body.id}`, as(a))).status).toBe(204);
  });

  it('versions templates (numbered, immutable) with usage and success rate', async () => {
    const created = await t.post(
      '/v1/templates',
      { name: 'nest-module', kind: 'code_pattern', tags: ['nestjs'], content: 'v1 {{Name}}', variables: ['Name'] },
      as(a),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ latestVersion: 1, version: 1, uses: 0, successes: 0, successRate: null });
    const v2 = await t.post(`/v1/templates/${created.body.id}/versions`, { content: 'v2 {{Name}}', changelog: 'better' }, as(a));
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ number: 2, content: 'v2 {{Name}}', uses: 0 });
    const versions = await t.get(`/v1/templates/${created.body.id}/versions`, as(a));
    expect(versions.body.items.map((v: any) => v.number)).toEqual([2, 1]);
    expect((await t.get(`/v1/templates/${created.body.id}`, as(a))).body.latestVersion).toBe(2);
    expect((await t.get('/v1/templates?kind=code_pattern&tag=nestjs', as(a))).body.items.map((x: any) => x.id)).toEqual([created.body.id]);
    expect((await t.post('/v1/templates', { name: 'nest-module', kind: 'test_template', content: 'x' }, as(a))).status).toBe(409);
    expect((await t.patch(`/v1/templates/${created.body.id}`, { version: 1, description: 'CRUD module' }, as(a))).body).toMatchObject({
      version: 2,
      description: 'CRUD module',
    });

    for (const request of [
      t.get(`/v1/templates/${created.body.id}`, as(b)),
      t.get(`/v1/templates/${created.body.id}/versions`, as(b)),
      t.post(`/v1/templates/${created.body.id}/versions`, { content: 'evil' }, as(b)),
      t.patch(`/v1/templates/${created.body.id}`, { version: 2, name: 'x' }, as(b)),
      t.delete(`/v1/templates/${created.body.id}`, as(b)),
    ])
      expect((await request).status).toBe(404);
    expect((await t.get('/v1/templates', as(b))).body.items).toEqual([]);
    expect((await t.delete(`/v1/templates/${created.body.id}`, as(a))).status).toBe(204);
  });

  it('shows system health to the platform operator only', async () => {
    const health = await t.get('/v1/admin/system-health', PLATFORM_OPERATOR);
    expect(health.status).toBe(200);
    expect(health.body.databaseSizeBytes).toBeGreaterThan(0);
    expect(typeof health.body.slowestStatements.available).toBe('boolean');
    expect(health.body.modules.map((m: any) => m.module)).toEqual(expect.arrayContaining(['analytics', 'tasks', 'organizations']));
    expect(Array.isArray(health.body.queues)).toBe(true);
    expect(health.body.indexUsage.length).toBeGreaterThan(0);
    // Webhook lag: figures per platform over the last hour, from rows of any organization. The
    // figures are platform-wide, and earlier suites on this worker's database leave deliveries
    // behind, so the counts are checked as a difference and the lag as a plausible figure.
    const githubHealth = async () =>
      ((await t.get('/v1/admin/system-health', PLATFORM_OPERATOR)).body.webhooks as any[]).find((w) => w.platform === 'github') ?? {
        deliveries: 0,
        pending: 0,
        dead: 0,
      };
    const before = await githubHealth();
    const [integration] = await t.sql<{ id: string }>(
      `insert into integrations (organization_id, platform, name, webhook_secret_sealed) values ($1, 'github', 'health', 'v1:k1:never:opened:x') returning id`,
      [a.organization.id],
    );
    await t.sql(
      `insert into webhook_deliveries (organization_id, integration_id, platform, event, dedup_key, headers, body, status, received_at, processed_at)
       values ($1, $2, 'github', 'push', 'h1', '{}', '', 'processed', now() - interval '10 seconds', now() - interval '8 seconds'),
              ($1, $2, 'github', 'push', 'h2', '{}', '', 'queued', now() - interval '30 seconds', null)`,
      [a.organization.id, integration.id],
    );
    const after = await githubHealth();
    expect(after).toMatchObject({ deliveries: before.deliveries + 2, pending: before.pending + 1, dead: before.dead });
    expect(after.oldest_pending_seconds).toBeGreaterThanOrEqual(29);
    expect(after.lag_p50_seconds).toBeGreaterThanOrEqual(0);
    expect(after.lag_p95_seconds).toBeGreaterThanOrEqual(after.lag_p50_seconds);
    expect((await t.get('/v1/admin/system-health', as(a))).status).toBe(403);
    expect((await t.get('/v1/admin/system-health')).status).toBe(401);
    // An owner's API key presented as the bearer is a tenant credential: 403; a made-up bearer: 401.
    const key = (await t.post('/v1/api-keys', { name: 'health', role: 'owner' }, as(a))).body.key;
    expect((await t.get('/v1/admin/system-health', { token: key })).status).toBe(403);
    expect((await t.get('/v1/admin/system-health', { token: 'x'.repeat(40) })).status).toBe(401);
  });
});
