import { Session, TestApp } from '../support/test-app';

describe('analytics: metrics', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  const as = (s: Session) => ({ token: s.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  const hourAgo = (hours: number, minute = 0) => new Date(Math.floor(Date.now() / 3_600_000 - hours) * 3_600_000 + minute * 60_000).toISOString();

  it('ingests a batch set-based, keeps a repeated point once, and downsamples with avg/min/max/p95 per bucket', async () => {
    const points = [];
    for (let minute = 0; minute < 60; minute++) {
      points.push({ name: 'api.latency', value: minute, unit: 'ms', time: hourAgo(2, minute), tags: { route: '/v1/tasks', region: 'eu' } });
      points.push({ name: 'api.latency', value: 1000 + minute, unit: 'ms', time: hourAgo(1, minute), tags: { region: 'us', route: '/v1/tasks' } });
    }
    const ingested = await t.post('/v1/metrics', { points }, as(a));
    expect(ingested.status).toBe(200);
    expect(ingested.body).toEqual({ received: 120, written: 120 });
    // Same series (tags in another order) and time: stored once.
    const again = await t.post('/v1/metrics', { points: [{ ...points[0], tags: { region: 'eu', route: '/v1/tasks' } }] }, as(a));
    expect(again.body).toEqual({ received: 1, written: 0 });

    const from = hourAgo(2);
    const to = hourAgo(0);
    const eu = await t.get(`/v1/metrics/series?name=api.latency&from=${from}&to=${to}&bucket=3600&tags=region:eu`, as(a));
    expect(eu.status).toBe(200);
    expect(eu.body).toMatchObject({ name: 'api.latency', bucketSeconds: 3600, unit: 'ms', tags: { region: 'eu' } });
    expect(eu.body.buckets).toHaveLength(1);
    expect(eu.body.buckets[0]).toMatchObject({ bucket: from, count: 60, min: 0, max: 59, avg: 29.5, sum: 1770 });
    expect(eu.body.buckets[0].p95).toBeCloseTo(56.05, 5);

    const all = await t.get(`/v1/metrics/series?name=api.latency&from=${from}&to=${to}&bucket=1800`, as(a));
    expect(all.body.buckets.map((x: any) => x.count)).toEqual([30, 30, 30, 30]);
    expect(all.body.buckets[3].max).toBe(1059);

    const names = await t.get('/v1/metrics/names', as(a));
    expect(names.body.items).toEqual([expect.objectContaining({ name: 'api.latency', series: 2, unit: 'ms' })]);
  });

  it('refuses bad points, oversized batches and windows with too many buckets', async () => {
    const bad = await t.post('/v1/metrics', { points: [{ name: '1bad name', value: 'x', time: 'yesterday' }] }, as(a));
    expect(bad.status).toBe(400);
    const points = Array.from({ length: 5001 }, (_, i) => ({ name: 'big', value: i, time: hourAgo(1) }));
    const tooMany = await t.post('/v1/metrics', { points }, as(a));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('ANALYTICS.TOO_MANY_POINTS');
    const future = await t.post('/v1/metrics', { points: [{ name: 'x', value: 1, time: new Date(Date.now() + 3 * 86_400_000).toISOString() }] }, as(a));
    expect(future.status).toBe(422);
    // Older than every partition kept (no partition holds it): 422, and the batch is written not at all.
    const old = await t.post(
      '/v1/metrics',
      {
        points: [
          { name: 'old', value: 1, time: hourAgo(1) },
          { name: 'old', value: 1, time: '2001-01-01T00:00:00Z' },
        ],
      },
      as(a),
    );
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('ANALYTICS.INVALID_WINDOW');
    expect((await t.get('/v1/metrics/names', as(a))).body.items.map((n: any) => n.name)).not.toContain('old');
    // JSON has no NaN: 1e309 parses to Infinity; tags: only ≤ 20 flat strings, no U+0000.
    const infinite = await t.post('/v1/metrics', `{"points":[{"name":"x","value":1e309,"time":"${hourAgo(1)}"}]}`, as(a));
    expect(infinite.status).toBe(400);
    const manyTags = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));
    for (const tags of [manyTags, { nested: { a: 'b' } }, { a: 'b\u0000' }, { a: 'x'.repeat(201) }]) {
      const refused = await t.post('/v1/metrics', { points: [{ name: 'x', value: 1, time: hourAgo(1), tags }] }, as(a));
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('COMMON.VALIDATION_FAILED');
    }
    const window = await t.get(`/v1/metrics/series?name=x&from=${hourAgo(24 * 30)}&to=${hourAgo(0)}&bucket=60`, as(a));
    expect(window.status).toBe(422);
    expect(window.body.code).toBe('ANALYTICS.INVALID_WINDOW');
    const reversed = await t.get(`/v1/metrics/series?name=x&from=${hourAgo(0)}&to=${hourAgo(1)}`, as(a));
    expect(reversed.status).toBe(422);
    const badTags = await t.get(`/v1/metrics/series?name=x&from=${hourAgo(1)}&to=${hourAgo(0)}&tags=nocolon`, as(a));
    expect(badTags.status).toBe(400);
  });

  it('another organization reads none of the points, and a viewer cannot write', async () => {
    await t.post('/v1/metrics', { points: [{ name: 'secret.metric', value: 42, time: hourAgo(1) }] }, as(a));
    const other = await t.get(`/v1/metrics/series?name=secret.metric&from=${hourAgo(3)}&to=${hourAgo(0, 59)}`, as(b));
    expect(other.status).toBe(200);
    expect(other.body.buckets).toEqual([]);
    expect((await t.get('/v1/metrics/names', as(b))).body.items).toEqual([]);
    const mine = await t.get(`/v1/metrics/series?name=secret.metric&from=${hourAgo(3)}&to=${hourAgo(0, 59)}`, as(a));
    expect(mine.body.buckets).toHaveLength(1);
    const viewer = await t.addMember(a, 'viewer');
    expect((await t.post('/v1/metrics', { points: [] }, as(viewer))).status).toBe(403);
  });
});
