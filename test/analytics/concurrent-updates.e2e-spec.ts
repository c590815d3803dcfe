import { Session, TestApp } from '../support/test-app';
import { as } from './support';

/**
 * Parallel changes carrying the same version: exactly one wins, the others answer 409. (On the
 * embedded database transactions run one after the other, so this bites on PostgreSQL.)
 */
describe('analytics: parallel updates with the same version', () => {
  let t: TestApp;
  let a: Session;

  beforeAll(async () => {
    t = await TestApp.start();
    a = await t.signup();
  });
  afterAll(() => t.close());

  const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status).sort();
  const PARALLEL = 6;

  it('appends optimisation generations once each: a lost append is a 409, never a 200', async () => {
    const run = (await t.post('/v1/optimization-runs', { name: 'Race', evaluationType: 'prompt_optimization' }, as(a))).body;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => t.patch(`/v1/optimization-runs/${run.id}`, { version: 1, appendHistory: [{ generation: i }] }, as(a))),
    );
    expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(409)]);
    const after = (await t.get(`/v1/optimization-runs/${run.id}`, as(a))).body;
    expect(after).toMatchObject({ version: 2, history: [expect.any(Object)] });
  });

  it.each([
    ['knowledge article', '/v1/knowledge/articles', { title: 'Race' }, (i: number) => ({ title: `Race ${i}` })],
    ['template', '/v1/templates', { name: `race-${Date.now()}`, kind: 'prompt_template', content: 'x' }, (i: number) => ({ description: `d${i}` })],
    ['learning model', '/v1/learning-models', { name: `race-${Date.now()}`, modelType: 'regression', algorithm: 'x' }, (i: number) => ({ algorithm: `a${i}` })],
    [
      'anomaly rule',
      '/v1/anomaly-rules',
      { name: 'Race', metricName: 'race.metric', kind: 'threshold', threshold: 10 },
      (i: number) => ({ threshold: 10 + i }),
    ],
  ])('changes a %s once per version', async (_kind, path, body, change) => {
    const created = await t.post(path, body, as(a));
    expect(created.status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => t.patch(`${path}/${created.body.id}`, { version: created.body.version, ...change(i) }, as(a))),
    );
    expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(409)]);
    expect((await t.get(`${path}/${created.body.id}`, as(a))).body.version).toBe(created.body.version + 1);
  });

  it('decides a recommendation once per version', async () => {
    // A mined pattern needs weeks of history: the pattern and its recommendation are written as the owner.
    const [row] = await t.sql<{ id: string }>(
      `with p as (insert into learned_patterns (organization_id, type, key, description, confidence) values ($1, 'slow_phase', 'race', 'Race', 0.9) returning id)
       insert into recommendations (organization_id, pattern_id, title) select $1, id, 'Race' from p returning id`,
      [a.organization.id],
    );
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.patch(`/v1/learning/recommendations/${row.id}`, { version: 1, status: i % 2 ? 'done' : 'dismissed' }, as(a)),
      ),
    );
    expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(409)]);
  });
});
