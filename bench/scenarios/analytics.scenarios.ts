import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { DOWNSAMPLE_METRICS, INGEST_METRICS } from '../../src/modules/analytics/infrastructure/persistence/metric.sql';
import { TASK_DAILY_ROLLUP } from '../../src/modules/analytics/infrastructure/persistence/rollup.sql';
import { BaselineTools, unauthenticated } from '../lib/baseline-tools';
import { defineScenario, SeedContext } from '../lib/scenario';
import { seedTasksDataset } from '../seed/tasks-dataset';

/*
 * Analytics (issue 14): batch ingestion of metric points, a series downsampled over 30 days in an
 * organization holding 6.5 M points, and the daily task roll-up over 90 days.
 *
 * Metrics live in organization 2 of the base data set: 100 series (tag host=h0..h99) × one point
 * every 40 s for 30 days = 6,480,000 points, seeded once with generate_series (idempotent: the
 * seed looks for the last point). Ingestion writes to organization 3, new points each request.
 */

const SERIES = 100;
const STEP_SECONDS = 40;
const DAYS = 30;
export const BATCH = 500;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const rotate = <T>(values: T[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

async function tokensOf(ctx: SeedContext, o: number, writers = false): Promise<string[]> {
  const base = await ctx.base();
  const tokens: string[] = [];
  for (let m = 1; m <= Math.min(base.membersOf(o), 50); m++) {
    if (writers && base.role(m) === 'viewer') continue;
    tokens.push(ctx.accessToken(base.userId(o, m), base.organizationId(o), base.role(m)));
  }
  return tokens;
}

/** The window the series scenario reads: the 30 days ending at the start of the current hour (fixed by the seed). */
async function seedMetrics(db: Pool, organizationId: string): Promise<{ from: string; to: string }> {
  const { rows } = await db.query<{ end_at: Date | null }>(
    `select max(recorded_at) as end_at from metrics where organization_id = $1 and name = 'bench.latency'`,
    [organizationId],
  );
  // The series registry is (re)filled every run: cheap, and a data set seeded before it existed gets it too.
  await db.query(
    `insert into metric_series (organization_id, name, series, tags)
     select $1, 'bench.latency', md5(jsonb_build_object('host', 'h' || s)::text), jsonb_build_object('host', 'h' || s)
     from generate_series(0, $2 - 1) s on conflict do nothing`,
    [organizationId, SERIES],
  );
  if (!rows[0].end_at) {
    // One statement per series keeps each insert's sort small; the PK index is built as it goes.
    for (let s = 0; s < SERIES; s++) {
      await db.query(
        `insert into metrics (organization_id, name, series, recorded_at, value, unit, tags)
         select $1, 'bench.latency', md5(jsonb_build_object('host', $2::text)::text), t,
                50 + 30 * sin(extract(epoch from t) / 3600.0) + random() * 10, 'ms', jsonb_build_object('host', $2::text)
         from generate_series(date_trunc('hour', now()) - make_interval(days => $3), date_trunc('hour', now()) - interval '1 second',
                              make_interval(secs => $4)) as t
         on conflict do nothing`,
        [organizationId, `h${s}`, DAYS, STEP_SECONDS],
      );
    }
    await db.query('analyze metrics');
  }
  const { rows: window } = await db.query<{ from_at: Date; to_at: Date }>(
    `select min(recorded_at) as from_at, max(recorded_at) + interval '1 second' as to_at from metrics where organization_id = $1 and name = 'bench.latency' and series = md5('{"host": "h0"}')`,
    [organizationId],
  );
  return { from: window[0].from_at.toISOString(), to: window[0].to_at.toISOString() };
}

function route(
  app: FastifyInstance,
  tools: BaselineTools,
  method: 'GET' | 'POST',
  url: string,
  handler: (request: any, organizationId: string, client: any) => Promise<unknown>,
) {
  app.route({
    method,
    url,
    handler: async (request, reply) => {
      const actor = tools.authenticate(request.headers);
      if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
      return tools.callerTransaction(actor, (client) => handler(request, actor.organizationId, client));
    },
  });
}

let ingestCounter = 0;

export const metricsIngest = defineScenario({
  name: 'metrics-ingest',
  title: `POST /v1/metrics, ${BATCH} points per request (points/s = requests/s × ${BATCH})`,
  // Each request writes 500 rows (and 500 foreign-key checks): more connections only queue on the same index pages.
  maxConnections: 8,
  minSeconds: 20,
  async seed(ctx) {
    const base = await ctx.base();
    return { tokens: await tokensOf(ctx, 3, true), organizationId: base.organizationId(3) };
  },
  requests({ tokens }) {
    const token = rotate(tokens);
    return () => {
      // New points each request: 500 series of one request share a time within the last 20 days.
      const n = ingestCounter++;
      const time = new Date(Date.now() - ((n * 7919) % (20 * 86_400)) * 1000 - (n % 1000)).toISOString();
      const points = Array.from({ length: BATCH }, (_, i) => ({
        name: 'bench.ingest',
        value: i,
        unit: 'ms',
        time,
        tags: { host: `h${i}`, run: `r${n % 97}` },
      }));
      return { method: 'POST', path: '/v1/metrics', headers: bearer(token()), body: { points } };
    };
  },
  baseline(app, tools) {
    // The service's statement, verbatim, with light validation of the same fields.
    route(app, tools, 'POST', '/v1/metrics', async (request, organizationId, client) => {
      const points = (request.body as { points: Array<{ name: string; value: number; unit?: string; time: string; tags?: Record<string, string> }> }).points;
      for (const p of points) if (typeof p.name !== 'string' || !Number.isFinite(p.value) || Number.isNaN(Date.parse(p.time))) throw new Error('bad point');
      const { rows } = await client.query(INGEST_METRICS, [
        organizationId,
        points.map((p) => p.name),
        points.map((p) => new Date(p.time)),
        points.map((p) => p.value),
        points.map((p) => p.unit ?? ''),
        points.map((p) => JSON.stringify(p.tags ?? {})),
      ]);
      return { received: points.length, written: rows[0].written };
    });
  },
});

export const metricsSeries = defineScenario({
  name: 'metrics-series',
  title: 'GET /v1/metrics/series, one series (of 100) over 30 days, 1-hour buckets, organization with 6.5 M points',
  maxConnections: 10,
  minSeconds: 20,
  async seed(ctx) {
    const base = await ctx.base();
    const window = await seedMetrics(ctx.db, base.organizationId(2));
    return { tokens: await tokensOf(ctx, 2), ...window };
  },
  requests({ tokens, from, to }) {
    const token = rotate(tokens);
    const host = rotate(Array.from({ length: SERIES }, (_, s) => `h${s}`));
    return () => ({
      method: 'GET',
      path: `/v1/metrics/series?name=bench.latency&from=${from}&to=${to}&bucket=3600&tags=host:${host()}`,
      headers: bearer(token()),
    });
  },
  baseline(app, tools) {
    route(app, tools, 'GET', '/v1/metrics/series', async (request, organizationId, client) => {
      const q = request.query as Record<string, string>;
      const [key, value] = q.tags.split(':');
      const tags = { [key]: value };
      const { rows } = await client.query(DOWNSAMPLE_METRICS, [
        organizationId,
        q.name,
        new Date(q.from),
        new Date(q.to),
        Number(q.bucket),
        JSON.stringify(tags),
      ]);
      return {
        name: q.name,
        tags,
        from: new Date(q.from),
        to: new Date(q.to),
        bucketSeconds: Number(q.bucket),
        unit: rows[0]?.unit ?? '',
        buckets: rows.map((r: any) => ({
          bucket: r.bucket,
          avg: Number(r.avg),
          min: Number(r.min),
          max: Number(r.max),
          sum: Number(r.sum),
          count: Number(r.count),
          p95: Number(r.p95),
        })),
      };
    });
  },
});

export const rollupTasks = defineScenario({
  name: 'rollup-tasks',
  title: 'GET /v1/analytics/rollups/tasks, 90 days, every project of an organization of 100,000 tasks',
  async seed(ctx) {
    const base = await ctx.base();
    await seedTasksDataset(ctx.db, base);
    await ctx.db.query('select * from analytics_refresh_rollups()');
    return tokensOf(ctx, 1);
  },
  requests(tokens) {
    const token = rotate(tokens);
    return () => ({ method: 'GET', path: '/v1/analytics/rollups/tasks', headers: bearer(token()) });
  },
  baseline(app, tools) {
    route(app, tools, 'GET', '/v1/analytics/rollups/tasks', async (_request, _organizationId, client) => {
      const to = new Date();
      const from = new Date(to.getTime() - 89 * 86_400_000);
      const window = { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
      const { rows } = await client.query(TASK_DAILY_ROLLUP, [null, window.from, window.to]);
      const num = (v: unknown) => (v === null ? null : Number(v));
      return {
        ...window,
        items: rows.map((r: any) => ({
          projectId: r.project_id,
          day: r.day,
          created: Number(r.created),
          completed: Number(r.completed),
          leadTimeAvgSeconds: num(r.lead_time_avg_seconds),
          leadTimeP50Seconds: num(r.lead_time_p50_seconds),
          cycleTimeAvgSeconds: num(r.cycle_time_avg_seconds),
          cycleTimeP50Seconds: num(r.cycle_time_p50_seconds),
        })),
      };
    });
  },
});
