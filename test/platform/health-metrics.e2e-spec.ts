import { TestApp } from '../support/test-app';

describe('probes and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('GET /health/live answers without credentials', async () => {
    const live = await t.get('/health/live');
    expect([live.status, live.body]).toEqual([200, { status: 'ok' }]);
  });

  it('GET /health/ready checks the database and the migrations', async () => {
    const ready = await t.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up', pending: 0 } } });
  });

  it('GET /health/ready answers 503 while a migration of this build is not applied', async () => {
    const [last] = await t.sql('select id, timestamp, name from migrations order by id desc limit 1');
    await t.sql('delete from migrations where id = $1', [last.id]);
    try {
      const notReady = await t.get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(notReady.body.checks.error.migrations).toMatchObject({ status: 'down', pending: 1, names: [last.name] });
    } finally {
      await t.sql('insert into migrations (id, timestamp, name) values ($1, $2, $3)', [last.id, last.timestamp, last.name]);
    }
    expect((await t.get('/health/ready')).status).toBe(200);
  });

  it('GET /metrics exposes latency by route pattern and status, and the database pool', async () => {
    const owner = await t.signup();
    await t.get(`/v1/members/${owner.user.id}`, { token: owner.accessToken });
    await t.get('/v1/members/00000000-0000-4000-8000-000000000000', { token: owner.accessToken });
    const metrics = await t.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    const text: string = metrics.body;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/v1\/members\/:userId",status_code="200"\} [1-9]/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/members\/:userId",status_code="404"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/auth\/signup",status_code="201"\} [1-9]/);
    expect(text).not.toContain(owner.user.id);
    for (const gauge of ['db_pool_connections_total', 'db_pool_connections_idle', 'db_pool_requests_waiting']) {
      expect(text).toMatch(new RegExp(`^${gauge} \\d+$`, 'm'));
    }
    expect(text).toMatch(/^db_pool_connections_total [1-9]/m);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('unknown routes share one label, whatever the URL', async () => {
    await t.get('/no/such/route/12345');
    const text: string = (await t.get('/metrics')).body;
    expect(text).not.toContain('12345');
    expect(text).toMatch(/route="unmatched",status_code="404"/);
  });
});
