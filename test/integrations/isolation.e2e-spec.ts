import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';
import { createIntegration, eventually, FakePlatforms, githubExample, settled, webhooks } from './support';

/**
 * Another organization can neither read, change, replay nor receive into an integration it does
 * not own; and reconciliation redelivers what GitHub lists but this service never recorded.
 */
describe('integrations across organizations, and reconciliation', () => {
  let t: TestApp;
  let fake: FakePlatforms;
  let a: Session;
  let b: Session;
  let hooks: ReturnType<typeof webhooks>;
  const SECRET_A = 'secret-of-organization-a';
  const as = (session: Session) => ({ token: session.accessToken });

  beforeAll(async () => {
    fake = new FakePlatforms();
    await fake.start();
    t = await TestApp.start({ JOB_POLL_INTERVAL_MS: '100', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', INTEGRATIONS_GITHUB_API_URL: `${fake.url}/github` });
    hooks = webhooks(t);
    a = await fixtures(t).organization();
    b = await fixtures(t).organization();
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it("every route answers 404 to another organization's integration and delivery, and changes nothing", async () => {
    const integration = await createIntegration(t, a, { platform: 'github', webhookSecret: SECRET_A });
    const sent = await hooks.github(
      integration.id,
      SECRET_A,
      'push',
      githubExample('push', (p) => p.ref === 'refs/heads/master'),
    );
    await settled(t, a, integration.id, sent.body.deliveryId);
    const base = `/v1/integrations/${integration.id}`;
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const answers = [
      await t.get(base, as(b)),
      await t.patch(base, { version: integration.version, name: 'taken over' }, as(b)),
      await t.post(`${base}/webhook-secret`, { webhookSecret: 'b-chooses-the-secret' }, as(b)),
      await t.get(`${base}/deliveries`, as(b)),
      await t.get(`${base}/deliveries/${sent.body.deliveryId}`, as(b)),
      await t.post(`${base}/deliveries/${sent.body.deliveryId}/replay`, undefined, as(b)),
      await t.post(`${base}/deliveries/replay-dead`, window, as(b)),
      await t.get(`${base}/health`, as(b)),
      await t.get(`${base}/communications`, as(b)),
      await t.post(`${base}/reconcile`, undefined, as(b)),
      await t.delete(base, as(b)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual(Array(answers.length).fill(404));
    expect((await t.get('/v1/integrations', as(b))).body.items).toEqual([]);
    expect((await t.get('/v1/components', as(b))).body.items).toEqual([]);
    expect((await t.get(base, as(a))).body).toMatchObject({ name: integration.name, version: integration.version });
    expect((await t.get(`${base}/deliveries/${sent.body.deliveryId}`, as(a))).body.attempts).toBe(1);
  });

  it("B's own secret cannot deliver into A's integration; B's integration receives only into B", async () => {
    const integrationA = await createIntegration(t, a, { platform: 'github', webhookSecret: SECRET_A });
    const integrationB = await createIntegration(t, b, { platform: 'github', webhookSecret: 'secret-of-organization-b' });
    const payload = githubExample('push', (p) => p.ref === 'refs/heads/master');
    expect((await hooks.github(integrationA.id, 'secret-of-organization-b', 'push', payload)).status).toBe(401);
    const intoB = await hooks.github(integrationB.id, 'secret-of-organization-b', 'push', payload);
    expect(intoB.status).toBe(200);
    await settled(t, b, integrationB.id, intoB.body.deliveryId);
    expect((await t.get(`/v1/integrations/${integrationA.id}/deliveries`, as(a))).body.items).toEqual([]);
    const rows = await t.sql('select organization_id from webhook_deliveries where id = $1', [intoB.body.deliveryId]);
    expect(rows).toEqual([{ organization_id: b.organization.id }]);
    // A configuration naming another organization's project is refused as not found.
    const projectOfA = await fixtures(t).project(a);
    const refused = await t.post(
      '/v1/integrations',
      { platform: 'slack', name: 'x', webhookSecret: '12345678', configuration: { slack: { projectId: projectOfA.id } } },
      as(b),
    );
    expect(refused).toMatchObject({ status: 404, body: { code: 'INTEGRATIONS.PROJECT_NOT_FOUND' } });
    // Only admins manage integrations.
    const member = await fixtures(t).member(a, 'member');
    expect((await t.post('/v1/integrations', { platform: 'slack', name: 'x', webhookSecret: '12345678' }, as(member))).status).toBe(403);
    expect((await t.post(`/v1/integrations/${integrationA.id}/deliveries/${intoB.body.deliveryId}/replay`, undefined, as(member))).status).toBe(403);
  });

  it('reconciliation asks GitHub to redeliver what was never recorded, and replays what died here', async () => {
    const integration = await createIntegration(t, a, {
      platform: 'github',
      webhookSecret: SECRET_A,
      credentials: { token: 'ghp_test' },
      configuration: { reconcile: { owner: 'Codertocat', repo: 'Hello-World', hookId: 42 } },
    });
    const recorded = await hooks.github(
      integration.id,
      SECRET_A,
      'push',
      githubExample('push', (p) => p.ref === 'refs/heads/master'),
      'guid-recorded',
    );
    await settled(t, a, integration.id, recorded.body.deliveryId);
    fake.answer('/github/repos/Codertocat/Hello-World/hooks/42/deliveries', 200, [
      { id: 1001, guid: 'guid-recorded', delivered_at: '2026-11-30T04:00:00Z', redelivery: false, status_code: 200, event: 'push' },
      { id: 1002, guid: 'guid-missed', delivered_at: '2026-11-30T04:01:00Z', redelivery: false, status_code: 502, event: 'push' },
      { id: 1003, guid: 'guid-missed', delivered_at: '2026-11-30T04:02:00Z', redelivery: true, status_code: 502, event: 'push' },
    ]);
    const report = await t.post(`/v1/integrations/${integration.id}/reconcile`, undefined, as(a));
    expect(report.body).toEqual({ listed: 2, redelivered: 1, replayed: 0 });
    const listCall = fake.to('/github/repos/Codertocat/Hello-World/hooks/42/deliveries?per_page=100')[0];
    expect(listCall.headers.authorization).toBe('Bearer ghp_test');
    const redeliver = await eventually(
      async () => fake.to('/github/repos/Codertocat/Hello-World/hooks/42/deliveries/1003/attempts').at(0),
      'the redelivery request',
    );
    expect(redeliver.method).toBe('POST');
  });
});
