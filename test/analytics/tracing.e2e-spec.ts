import { currentTraceId, inTraceContext, TenantTransaction } from '@switchyard/database';
import { EventLog } from '@switchyard/events';
import { JobQueue, TRACEPARENT_FIELD } from '@switchyard/jobs';
import { OutboundHttp } from '@switchyard/outbound';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Session, TestApp } from '../support/test-app';
import { as } from './support';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE}-00f067aa0ba902b7-01`;

describe('analytics: the event log and W3C trace propagation', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let server: Server;
  let seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await TestApp.start({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' });
    [a, b] = [await t.signup(), await t.signup()];
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('an event a request causes carries its traceparent’s trace id and its request id; queries by trace, correlation and entity find it', async () => {
    await t.post('/v1/metrics', { points: [{ name: 'traced.metric', value: 99, time: new Date(Date.now() - 60_000).toISOString() }] }, as(a));
    const rule = await t.post('/v1/anomaly-rules', { name: 'Traced', metricName: 'traced.metric', kind: 'threshold', threshold: 1 }, as(a));
    const requestId = `req-${Date.now()}`;
    const evaluated = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, {
      ...as(a),
      headers: { traceparent: TRACEPARENT, 'x-request-id': requestId },
    });
    expect(evaluated.body.outcome).toBe('raised');
    const anomalyId = evaluated.body.anomaly.id;

    const byTrace = await t.get(`/v1/events?traceId=${TRACE}`, as(a));
    expect(byTrace.status).toBe(200);
    expect(byTrace.body.items).toEqual([
      expect.objectContaining({
        type: 'analytics.anomaly.raised',
        source: 'analytics',
        entityType: 'anomaly',
        entityId: anomalyId,
        severity: 'warning',
        correlationId: requestId,
        traceId: TRACE,
        actorType: 'user',
        actorId: a.user.id,
      }),
    ]);
    expect((await t.get(`/v1/events?correlationId=${requestId}`, as(a))).body.items.map((e: any) => e.entityId)).toEqual([anomalyId]);
    expect((await t.get(`/v1/events?entityType=anomaly&entityId=${anomalyId}`, as(a))).body.items).toHaveLength(1);
    expect((await t.get(`/v1/events?type=analytics.anomaly.raised`, as(a))).body.items.length).toBeGreaterThan(0);

    // Another organization finds nothing, by any key.
    for (const query of [`traceId=${TRACE}`, `correlationId=${requestId}`, `entityType=anomaly&entityId=${anomalyId}`, ''])
      expect((await t.get(`/v1/events?${query}`, as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/events?traceId=not-hex', as(a))).status).toBe(400);
    expect((await t.get('/v1/events?since=2026-01-01T00:00:00Z&until=2026-11-01T00:00:00Z', as(a))).status).toBe(422);
  });

  it('pages through the log newest first', async () => {
    const rule = await t.post('/v1/anomaly-rules', { name: 'Pager', metricName: 'traced.metric', kind: 'threshold', threshold: 2 }, as(a));
    expect((await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as(a))).body.outcome).toBe('raised');
    const first = await t.get('/v1/events?limit=1', as(a));
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.get(`/v1/events?limit=1&cursor=${first.body.nextCursor}`, as(a));
    expect(second.status).toBe(200);
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0].id);
  });

  it('a job carries the trace of what sent it: stored with the payload, restored around the handler, and its events carry it', async () => {
    const queue = t.app.get(JobQueue);
    const transaction = t.app.get(TenantTransaction);
    const events = t.app.get(EventLog);
    const handled: Array<{ payload: unknown; traceId?: string; seenTrace?: string }> = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    queue.work<{ n: number }>('test.tracing', {
      concurrency: 1,
      handle: async (job) => {
        handled.push({ payload: job.payload, traceId: job.traceId, seenTrace: currentTraceId() });
        await transaction.run({ organizationId: job.organizationId! }, () => events.publish({ type: 'test.job.ran', source: 'test', entityId: job.id }));
        done();
      },
    });
    const jobId = await inTraceContext('test-correlation', TRACE, () =>
      transaction.run({ organizationId: a.organization.id }, () => queue.send('test.tracing', { n: 1 })),
    );
    const [row] = await t.sql<{ payload: Record<string, string> }>('select payload from job_queue where id = $1', [jobId]);
    expect(row.payload[TRACEPARENT_FIELD]).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    await finished;
    expect(handled).toEqual([{ payload: { n: 1 }, traceId: TRACE, seenTrace: TRACE }]);
    const published = await t.get(`/v1/events?type=test.job.ran&traceId=${TRACE}`, as(a));
    expect(published.body.items).toEqual([expect.objectContaining({ entityId: jobId, correlationId: jobId, traceId: TRACE, actorType: 'system' })]);
  });

  it('an outbound call continues the trace with a traceparent header', async () => {
    seen = [];
    const { port } = server.address() as AddressInfo;
    const http = t.app.get(OutboundHttp);
    await inTraceContext('test-outbound', TRACE, () => http.request(`http://127.0.0.1:${port}/hook`));
    expect(seen[0].traceparent).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    // Outside any trace: no header is invented.
    await http.request(`http://127.0.0.1:${port}/hook`);
    expect(seen[1].traceparent).toBeUndefined();
  });
});
