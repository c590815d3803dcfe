import { TenantTransaction } from '@switchyard/database';
import { AnalyticsJobs } from '../../src/modules/analytics/infrastructure/jobs/analytics.jobs';
import { Session, TestApp } from '../support/test-app';
import { as } from './support';

describe('analytics: anomaly rules, anomalies and alerts', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(() => t.close());

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const ingest = (s: Session, name: string, values: Array<[number, number]>) =>
    t.post('/v1/metrics', { points: values.map(([ago, value]) => ({ name, value, time: minutesAgo(ago), tags: { host: 'web-1' } })) }, as(s));

  it('raises one anomaly with one alert while a threshold breach lasts, then resolves it', async () => {
    await ingest(a, 'queue.depth', [
      [5, 500],
      [3, 700],
    ]);
    const rule = await t.post(
      '/v1/anomaly-rules',
      { name: 'Queue too deep', metricName: 'queue.depth', tags: { host: 'web-1' }, kind: 'threshold', threshold: 100, direction: 'above', windowMinutes: 10 },
      as(a),
    );
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ kind: 'threshold', threshold: 100, enabled: true, version: 1 });
    expect(rule.body.slot).toBeGreaterThanOrEqual(0);
    expect(rule.body.slot).toBeLessThan(60);

    const first = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as(a));
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('raised');
    expect(first.body.anomaly).toMatchObject({ status: 'open', observed: 600, expected: 100, severity: 'warning' });
    expect(first.body.alert).toMatchObject({ anomalyId: first.body.anomaly.id, status: 'open' });
    expect(first.body.alert.message).toContain('queue.depth is 600');

    const second = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as(a));
    expect(second.body.outcome).toBe('continued');
    expect(second.body.anomaly.id).toBe(first.body.anomaly.id);
    const alerts = await t.get('/v1/alerts', as(a));
    expect(alerts.body.items.filter((x: any) => x.ruleId === rule.body.id)).toHaveLength(1);

    const raised = await t.patch(`/v1/anomaly-rules/${rule.body.id}`, { version: 1, threshold: 10_000 }, as(a));
    expect(raised.status).toBe(200);
    expect(raised.body.version).toBe(2);
    const third = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as(a));
    expect(third.body.outcome).toBe('resolved');
    expect(third.body.anomaly).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });

    const anomaly = await t.get(`/v1/anomalies/${first.body.anomaly.id}`, as(a));
    expect(anomaly.body.evidence).toMatchObject({ method: 'threshold', threshold: 100 });
    expect((await t.get(`/v1/anomalies?ruleId=${rule.body.id}&status=resolved`, as(a))).body.items).toHaveLength(1);

    const ack = await t.post(`/v1/alerts/${first.body.alert.id}/acknowledge`, undefined, as(a));
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: a.user.id });
  });

  it('percent-change and seasonal rules evaluate; a rule without its parameter is refused; stale versions conflict', async () => {
    await ingest(a, 'signups', [
      [50, 10],
      [40, 10],
      [20, 30],
      [10, 30],
    ]);
    const pct = await t.post(
      '/v1/anomaly-rules',
      { name: 'Signup surge', metricName: 'signups', kind: 'percent_change', percent: 50, windowMinutes: 30 },
      as(a),
    );
    const evaluated = await t.post(`/v1/anomaly-rules/${pct.body.id}/evaluate`, undefined, as(a));
    expect(evaluated.body.outcome).toBe('raised');
    expect(evaluated.body.anomaly.score).toBeCloseTo(200);
    expect(evaluated.body.anomaly.severity).toBe('critical');

    const seasonal = await t.post('/v1/anomaly-rules', { name: 'Seasonal signups', metricName: 'signups', kind: 'seasonal', sensitivity: 3 }, as(a));
    const notEnough = await t.post(`/v1/anomaly-rules/${seasonal.body.id}/evaluate`, undefined, as(a));
    expect(notEnough.body.outcome).toBe('normal');
    expect(notEnough.body.verdict.evidence.reason).toBe('not enough history');
    const nothing = await t.post('/v1/anomaly-rules', { name: 'No data', metricName: 'nothing.here', kind: 'seasonal' }, as(a));
    expect((await t.post(`/v1/anomaly-rules/${nothing.body.id}/evaluate`, undefined, as(a))).body.outcome).toBe('no data');

    const incomplete = await t.post('/v1/anomaly-rules', { name: 'X', metricName: 'x', kind: 'threshold' }, as(a));
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('ANALYTICS.INVALID_RULE');
    expect((await t.patch(`/v1/anomaly-rules/${pct.body.id}`, { version: 9, enabled: false }, as(a))).status).toBe(409);
    expect((await t.delete(`/v1/anomaly-rules/${seasonal.body.id}`, as(a))).status).toBe(204);
    expect((await t.get(`/v1/anomaly-rules/${seasonal.body.id}`, as(a))).status).toBe(404);
  });

  it('the scheduled job queues, per organization, only the rules whose slot is the current minute (staggered)', async () => {
    const rules = (await t.get('/v1/anomaly-rules?limit=100', as(a))).body.items.filter((r: any) => r.enabled);
    const slot = rules[0].slot;
    const now = new Date();
    now.setUTCMinutes(slot, 0, 0);
    const jobs = t.app.get(AnalyticsJobs);
    const queued = await t.app.get(TenantTransaction).run({}, () => jobs.queueEvaluations(now));
    expect(queued.slot).toBe(slot);
    const [job] = await t.sql<{ payload: { ruleIds: string[] } }>(
      `select payload from job_queue where queue = 'analytics.evaluate' and organization_id = $1 and singleton_key = $2`,
      [a.organization.id, `slot-${slot}`],
    );
    expect(job.payload.ruleIds.sort()).toEqual(
      rules
        .filter((r: any) => r.slot === slot)
        .map((r: any) => r.id)
        .sort(),
    );
  });

  it('another organization reads and changes nothing: rules, anomalies, alerts', async () => {
    await ingest(a, 'private.metric', [[2, 50]]);
    const rule = await t.post('/v1/anomaly-rules', { name: 'Private', metricName: 'private.metric', kind: 'threshold', threshold: 1 }, as(a));
    const { body } = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as(a));
    const id = rule.body.id;
    for (const url of [`/v1/anomaly-rules/${id}`, `/v1/anomalies/${body.anomaly.id}`]) expect((await t.get(url, as(b))).status).toBe(404);
    expect((await t.post(`/v1/anomaly-rules/${id}/evaluate`, undefined, as(b))).status).toBe(404);
    expect((await t.patch(`/v1/anomaly-rules/${id}`, { version: 1, enabled: false }, as(b))).status).toBe(404);
    expect((await t.delete(`/v1/anomaly-rules/${id}`, as(b))).status).toBe(404);
    expect((await t.post(`/v1/alerts/${body.alert.id}/acknowledge`, undefined, as(b))).status).toBe(404);
    for (const url of ['/v1/anomaly-rules', '/v1/anomalies', '/v1/alerts']) expect((await t.get(url, as(b))).body.items).toEqual([]);
    // B's rule on the same metric name sees none of A's points.
    const theirs = await t.post('/v1/anomaly-rules', { name: 'Spy', metricName: 'private.metric', kind: 'threshold', threshold: 1 }, as(b));
    expect((await t.post(`/v1/anomaly-rules/${theirs.body.id}/evaluate`, undefined, as(b))).body.outcome).toBe('no data');
    const viewer = await t.addMember(a, 'viewer');
    expect((await t.post('/v1/anomaly-rules', { name: 'V', metricName: 'v', kind: 'seasonal' }, as(viewer))).status).toBe(403);
  });
});
