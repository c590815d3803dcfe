import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { IntegrationNotifier } from '../../src/modules/integrations';
import { LinearSync } from '../../src/modules/integrations/application/reconciler';
import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';
import { createIntegration, eventually, FakePlatforms, settled, webhooks } from './support';

/** An Issue webhook shaped as Linear documents it (https://developers.linear.app/docs/graphql/webhooks). */
function linearIssue(action: 'create' | 'update' | 'remove', data: Partial<Record<string, unknown>> = {}) {
  const id = (data.id as string) ?? randomUUID();
  return {
    action,
    type: 'Issue',
    createdAt: new Date().toISOString(),
    organizationId: '7a1c2b3d-0000-4000-8000-00000000a001',
    url: `https://linear.app/acme/issue/ENG-${(data.number as number) ?? 12}`,
    webhookId: '4c7b0c2e-0000-4000-8000-00000000b001',
    data: {
      id,
      identifier: 'ENG-12',
      number: 12,
      title: 'Checkout fails on Safari',
      description: 'Steps to reproduce…',
      priority: 2,
      priorityLabel: 'High',
      teamId: 'a70bdf0f-530a-4887-857d-46151b52b47c',
      stateId: '3e6d2b5c-0000-4000-8000-00000000c001',
      state: { id: '3e6d2b5c-0000-4000-8000-00000000c001', name: 'Todo', color: '#e2e2e2', type: 'unstarted' },
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      updatedAt: new Date().toISOString(),
      labelIds: [],
      ...data,
    },
    ...(action === 'update' ? { updatedFrom: { updatedAt: new Date(Date.now() - 30_000).toISOString() } } : {}),
  };
}

describe('Linear and Slack', () => {
  let t: TestApp;
  let fake: FakePlatforms;
  let owner: Session;
  let hooks: ReturnType<typeof webhooks>;
  const f = () => fixtures(t);
  const SECRET = 'linear-or-slack-secret';
  const as = (session: Session) => ({ token: session.accessToken });

  beforeAll(async () => {
    fake = new FakePlatforms();
    await fake.start();
    t = await TestApp.start({
      JOB_POLL_INTERVAL_MS: '100',
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      INTEGRATIONS_LINEAR_API_URL: `${fake.url}/linear`,
      INTEGRATIONS_SLACK_API_URL: `${fake.url}/slack`,
    });
    hooks = webhooks(t);
    owner = await f().organization();
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('Linear Issue create/update ↔ tasks both ways, without echoing its own updates', async () => {
    const project = await f().project(owner);
    const linear = await createIntegration(t, owner, {
      platform: 'linear',
      webhookSecret: SECRET,
      credentials: { token: 'lin_api_test' },
      configuration: { linear: { projectId: project.id } },
    });
    const created = linearIssue('create');
    const sent = await hooks.linear(linear.id, SECRET, created);
    expect(sent.status).toBe(200);
    const first = await settled(t, owner, linear.id, sent.body.deliveryId);
    expect(first).toMatchObject({ status: 'processed', event: 'Issue.create', outcome: { created: true } });
    const taskId = first.outcome.taskId;
    expect((await t.get(`/v1/tasks/${taskId}`, as(owner))).body).toMatchObject({ title: 'Checkout fails on Safari', priority: 'high', projectId: project.id });

    // Linear → task.
    const moved = linearIssue('update', {
      id: created.data.id,
      title: 'Checkout fails on Safari 17',
      state: { id: 's2', name: 'In Progress', type: 'started' },
    });
    const update = await hooks.linear(linear.id, SECRET, moved);
    expect((await settled(t, owner, linear.id, update.body.deliveryId)).outcome).toMatchObject({ changed: expect.arrayContaining(['title', 'status']) });
    const task = (await t.get(`/v1/tasks/${taskId}`, as(owner))).body;
    expect(task).toMatchObject({ title: 'Checkout fails on Safari 17', status: 'in_progress' });

    // Nothing goes back to Linear for a change that came from Linear.
    const sync = t.app.get(LinearSync);
    expect(await sync.syncAll()).toMatchObject({ sent: 0 });

    // Task → Linear.
    const edited = await t.patch(`/v1/tasks/${taskId}`, { version: task.version, title: 'Safari checkout broken' }, as(owner));
    expect(edited.status).toBe(200);
    await sync.syncAll();
    const call = await eventually(async () => fake.to('/linear').find((c) => c.body?.variables?.id === created.data.id), 'the Linear issueUpdate');
    expect(call.headers.authorization).toBe('lin_api_test');
    expect(call.body.query).toMatch(/issueUpdate/);
    expect(call.body.variables.input).toMatchObject({ title: 'Safari checkout broken', priority: 2 });
    expect(await sync.syncAll()).toMatchObject({ sent: 0 });

    // Linear's webhook for the update this service made is recognised and not applied.
    const echo = linearIssue('update', { id: created.data.id, title: 'Safari checkout broken', state: { id: 's2', name: 'In Progress', type: 'started' } });
    const echoed = await hooks.linear(linear.id, SECRET, echo);
    expect((await settled(t, owner, linear.id, echoed.body.deliveryId)).outcome).toMatchObject({ reason: 'echo of an update this service sent' });
    expect((await t.get(`/v1/tasks/${taskId}`, as(owner))).body.version).toBe(edited.body.version);

    // Replaying the create twice creates nothing more.
    for (let i = 0; i < 2; i += 1) {
      await t.post(`/v1/integrations/${linear.id}/deliveries/${sent.body.deliveryId}/replay`, undefined, as(owner));
      await settled(t, owner, linear.id, sent.body.deliveryId);
    }
    expect((await t.get(`/v1/tasks?projectId=${project.id}`, as(owner))).body.items).toHaveLength(1);
  });

  it('Linear: a stale webhookTimestamp or a wrong signature is refused with nothing stored', async () => {
    const linear = await createIntegration(t, owner, { platform: 'linear', webhookSecret: SECRET });
    const stale = await hooks.linear(linear.id, SECRET, { ...linearIssue('create'), webhookTimestamp: Date.now() - 61_000 });
    const wrong = await hooks.linear(linear.id, 'not the secret', linearIssue('create'));
    expect([stale.status, wrong.status]).toEqual([401, 401]);
    expect((await t.get(`/v1/integrations/${linear.id}/deliveries`, as(owner))).body.items).toEqual([]);
  });

  it('Slack: url_verification, a slash command creates a task and answers through response_url, retries are duplicates', async () => {
    const project = await f().project(owner);
    const slack = await createIntegration(t, owner, {
      platform: 'slack',
      webhookSecret: SECRET,
      credentials: { token: 'xoxb-1' },
      configuration: { slack: { projectId: project.id } },
    });
    const challenge = await hooks.slack(
      slack.id,
      SECRET,
      JSON.stringify({ token: 'x', challenge: 'the-challenge', type: 'url_verification' }),
      'application/json',
    );
    expect(challenge).toMatchObject({ status: 200, body: { challenge: 'the-challenge' } });

    const triggerId = `${Date.now()}.47445629121.803a0bc887a14d10d2c447fce8b6703c`;
    const command = new URLSearchParams({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      team_domain: 'testteamnow',
      channel_id: 'G8PSS9T3V',
      channel_name: 'foobar',
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      command: '/task',
      text: 'Fix the login page',
      response_url: `${fake.url}/hooks/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN`,
      trigger_id: triggerId,
    }).toString();
    const started = Date.now();
    const sent = await hooks.slack(slack.id, SECRET, command, 'application/x-www-form-urlencoded');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(sent).toMatchObject({ status: 200, body: { response_type: 'ephemeral', text: 'Creating a task: Fix the login page' } });
    const retry = await hooks.slack(slack.id, SECRET, command, 'application/x-www-form-urlencoded', undefined, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retry.status).toBe(200);
    const log = await eventually(async () => {
      const page = await t.get(`/v1/integrations/${slack.id}/deliveries`, as(owner));
      return page.body.items.length === 1 && ['processed'].includes(page.body.items[0].status) && page.body.items;
    }, 'the command processed');
    expect(log[0]).toMatchObject({ event: 'command/task', dedupKey: triggerId });
    const tasks = (await t.get(`/v1/tasks?projectId=${project.id}`, as(owner))).body.items;
    expect(tasks.map((task: { title: string }) => task.title)).toEqual(['Fix the login page']);
    const answer = await eventually(async () => fake.to('/hooks/commands/T1DC2JH3J').at(0), 'the response_url answer');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Fix the login page') });

    // Form bodies are accepted on webhook routes only.
    const elsewhere = await t.request('POST', '/v1/projects', {
      token: owner.accessToken,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(elsewhere.status).toBe(415);
    // Outside the 5-minute window.
    const stale = await hooks.slack(slack.id, SECRET, command, 'application/x-www-form-urlencoded', Math.floor(Date.now() / 1000) - 301);
    expect(stale.status).toBe(401);
  });

  it("Slack: a command's response_url into our own network is refused by the outbound gate, once, without opening the circuit", async () => {
    const owner = await f().organization();
    const project = await f().project(owner);
    const slack = await createIntegration(t, owner, {
      platform: 'slack',
      webhookSecret: SECRET,
      credentials: { token: 'xoxb-3' },
      configuration: { slack: { projectId: project.id } },
    });
    for (const responseUrl of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.7/commands/1', 'http://localhost:1/commands/2']) {
      const command = new URLSearchParams({
        command: '/task',
        text: `Title for ${responseUrl}`,
        response_url: responseUrl,
        trigger_id: randomUUID(),
      }).toString();
      expect((await hooks.slack(slack.id, SECRET, command, 'application/x-www-form-urlencoded')).status).toBe(200);
    }
    const jobs = await eventually(async () => {
      const rows = await t.sql<{ state: string; attempts: number }>(
        "select state, attempts from job_queue where organization_id = $1 and queue = 'integrations.outbound'",
        [owner.organization.id],
      );
      return rows.length === 3 && rows.every((row) => row.state === 'dead') && rows;
    }, 'the three refused calls given up');
    // Given up at the first attempt: no retry can change a refused address.
    expect(jobs.map((job) => job.attempts)).toEqual([1, 1, 1]);
    const communications = (await t.get(`/v1/integrations/${slack.id}/communications`, as(owner))).body.items.filter(
      (c: { direction: string }) => c.direction === 'outbound',
    );
    expect(communications.map((c: { status: string; error: string }) => [c.status, c.error])).toEqual(
      Array(3).fill(['refused', expect.stringMatching(/^The host (169\.254\.169\.254|10\.0\.0\.7|localhost) is refused by the outbound policy$/)]),
    );
    // The same three, page by page (keyset, newest first, filtered by direction).
    const paged: Array<{ id: string }> = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2&direction=outbound${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.get(`/v1/integrations/${slack.id}/communications?${query}`, as(owner))).body;
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((c) => c.id)).toEqual(communications.map((c: { id: string }) => c.id));
    // The platform is not unhealthy for it: the next notification still goes out.
    expect((await t.get(`/v1/integrations/${slack.id}`, as(owner))).body).toMatchObject({ status: 'active', consecutiveFailures: 0, circuitOpenUntil: null });
    const component = (await t.get('/v1/components', as(owner))).body.items.find((c: { integrationId: string }) => c.integrationId === slack.id);
    expect(component).toMatchObject({ healthStatus: 'healthy', failures: 0 });
    // The commands themselves were processed: three tasks.
    expect((await t.get(`/v1/tasks?projectId=${project.id}`, as(owner))).body.items).toHaveLength(3);
  });

  it('Slack notifications honour Retry-After and open the circuit after repeated failures', async () => {
    const owner = await f().organization();
    const slack = await createIntegration(t, owner, {
      platform: 'slack',
      webhookSecret: SECRET,
      credentials: { token: 'xoxb-2' },
      configuration: { slack: { channel: 'C0RATE', notify: ['agent_run.finished'] } },
    });
    fake.answer('/slack/chat.postMessage', 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    const notifier = t.app.get(IntegrationNotifier);
    const transaction = t.app.get(TenantTransaction);
    await transaction.run({ organizationId: owner.organization.id }, () => notifier.notify('agent_run.finished', 'Agent run finished: PAY-1'));
    const delivered = await eventually(async () => {
      const calls = fake.to('/slack/chat.postMessage').filter((call) => call.body?.channel === 'C0RATE');
      return calls.length >= 2 && calls;
    }, 'the retried notification');
    expect(delivered).toHaveLength(2);
    const communications = await eventually(async () => {
      const page = await t.get(`/v1/integrations/${slack.id}/communications`, as(owner));
      return page.body.items.length >= 2 && page.body.items;
    }, 'both calls recorded');
    expect(communications.map((c: { status: string }) => c.status)).toEqual(['succeeded', 'rate_limited']);

    for (let i = 0; i < 5; i += 1) fake.answer('/slack/chat.postMessage', 500, { ok: false });
    const dispatcher = t.app.get((await import('../../src/modules/integrations/application/outbound-dispatcher')).OutboundDispatcher);
    for (let i = 0; i < 5; i += 1) {
      await expect(
        dispatcher.dispatch(owner.organization.id, { integrationId: slack.id, action: { kind: 'slack.post_message', channel: 'C0RATE', text: 'x' } }, 1),
      ).rejects.toThrow(/HTTP 500/);
    }
    const integration = (await t.get(`/v1/integrations/${slack.id}`, as(owner))).body;
    expect(integration).toMatchObject({ status: 'unhealthy', consecutiveFailures: 5, lastError: 'HTTP 500' });
    expect(new Date(integration.circuitOpenUntil).getTime()).toBeGreaterThan(Date.now());
    await expect(
      dispatcher.dispatch(owner.organization.id, { integrationId: slack.id, action: { kind: 'slack.post_message', channel: 'C0RATE', text: 'x' } }, 1),
    ).rejects.toThrow(/circuit open/);
    const health = await t.get(`/v1/integrations/${slack.id}/health`, as(owner));
    expect(health.body).toMatchObject({ circuitOpen: true, status: 'unhealthy' });
    const components = await t.get('/v1/components', as(owner));
    expect(components.body.items[0]).toMatchObject({ kind: 'slack', healthStatus: 'unhealthy', calls: 7 });
  });
});
