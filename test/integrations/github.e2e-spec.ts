import { JobQueue } from '@switchyard/jobs';
import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';
import { createIntegration, eventually, FakePlatforms, githubExample, settled, webhooks } from './support';

/**
 * GitHub webhooks end to end, with GitHub's own example payloads (@octokit/webhooks-examples)
 * signed in the test: acceptance, dedup, refusals, each processor, replays, and the database
 * write failing (5xx, nothing stored).
 */
describe('GitHub webhooks', () => {
  let t: TestApp;
  let fake: FakePlatforms;
  let owner: Session;
  let hooks: ReturnType<typeof webhooks>;
  const f = () => fixtures(t);
  const SECRET = 'github-webhook-secret';

  beforeAll(async () => {
    fake = new FakePlatforms();
    await fake.start();
    t = await TestApp.start({
      JOB_POLL_INTERVAL_MS: '100',
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
      INTEGRATIONS_GITHUB_API_URL: `${fake.url}/github`,
      INTEGRATIONS_SLACK_API_URL: `${fake.url}/slack`,
      INTEGRATIONS_DELIVERY_MAX_ATTEMPTS: '1',
    });
    hooks = webhooks(t);
    owner = await f().organization();
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const as = (session: Session) => ({ token: session.accessToken });
  const count = async (sql: string, params: unknown[]) => Number((await t.sql(sql, params))[0].n);

  it("accepts the official vector's signature (then refuses the non-JSON body) and refuses anything else with 401, storing nothing", async () => {
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: "It's a Secret to Everybody" });
    const vector = await hooks.raw(`/v1/webhooks/github/${integration.id}`, 'Hello, World!', {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'vector-1',
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    });
    expect(vector.status).toBe(400);
    expect(vector.body.code).toBe('INTEGRATIONS.UNSUPPORTED_PAYLOAD');

    const payload = githubExample('push', (p) => p.ref === 'refs/heads/master');
    const refused = [
      await hooks.github(integration.id, 'wrong secret', 'push', payload),
      await hooks.raw(`/v1/webhooks/github/${integration.id}`, JSON.stringify(payload), { 'content-type': 'application/json', 'x-github-event': 'push' }),
      await hooks.github('00000000-0000-4000-8000-000000000000', SECRET, 'push', payload),
      await hooks.github('not-a-uuid', SECRET, 'push', payload),
      await hooks.linear(integration.id, "It's a Secret to Everybody", { type: 'Issue' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(refused[0].body.code).toBe('INTEGRATIONS.SIGNATURE_INVALID');
    expect(await count('select count(*) as n from webhook_deliveries where integration_id = $1', [integration.id])).toBe(0);
    const metrics = await t.get('/metrics');
    expect(metrics.body).toMatch(/webhook_rejected_total\{platform="github",reason="mismatch"\} [1-9]/);
  });

  it('stores a signed delivery whose event name holds U+0000 (the column cannot) instead of answering 500', async () => {
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET });
    const payload = { ...githubExample('issues', (p) => p.action === 'opened'), action: 'opened\u0000' };
    const sent = await hooks.github(integration.id, SECRET, 'issues', payload);
    expect(sent.status).toBe(200);
    const stored = (await t.get(`/v1/integrations/${integration.id}/deliveries/${sent.body.deliveryId}`, as(owner))).body;
    expect(stored.event).toBe('issues.opened\uFFFD');
  });

  it('push moves the branch head; an older push never moves it back; a redelivery is a duplicate', async () => {
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET });
    const push = githubExample('push', (p) => p.ref === 'refs/heads/master');
    const accepted = await hooks.github(integration.id, SECRET, 'push', push, 'push-delivery-1');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ deliveryId: expect.any(String), duplicate: false });
    const done = await settled(t, owner, integration.id, accepted.body.deliveryId);
    expect(done).toMatchObject({ status: 'processed', event: 'push', dedupKey: 'push-delivery-1', outcome: { branch: 'master', applied: true } });
    const repositoryId = done.outcome.repositoryId;
    const events = await t.sql(`select type, source, severity from events where entity_id = $1`, [accepted.body.deliveryId]);
    expect(events).toEqual([{ type: 'integration.delivery.processed', source: 'integrations', severity: 'info' }]);
    const branch = await t.get(`/v1/repositories/${repositoryId}/branches/master`, as(owner));
    expect(branch.body.headSha).toBe(push.after);

    const again = await hooks.github(integration.id, SECRET, 'push', push, 'push-delivery-1');
    expect(again.body).toEqual({ deliveryId: accepted.body.deliveryId, duplicate: true });
    expect(await count('select count(*) as n from webhook_deliveries where integration_id = $1', [integration.id])).toBe(1);

    const older = { ...push, after: 'a'.repeat(40), repository: { ...push.repository, pushed_at: push.repository.pushed_at - 60 } };
    const late = await hooks.github(integration.id, SECRET, 'push', older, 'push-delivery-0');
    expect((await settled(t, owner, integration.id, late.body.deliveryId)).outcome).toMatchObject({ applied: false });
    expect((await t.get(`/v1/repositories/${repositoryId}/branches/master`, as(owner))).body.headSha).toBe(push.after);

    const newer = { ...push, after: 'b'.repeat(40), repository: { ...push.repository, pushed_at: push.repository.pushed_at + 60 } };
    const next = await hooks.github(integration.id, SECRET, 'push', newer, 'push-delivery-2');
    await settled(t, owner, integration.id, next.body.deliveryId);
    expect((await t.get(`/v1/repositories/${repositoryId}/branches/master`, as(owner))).body.headSha).toBe('b'.repeat(40));

    // Replaying a processed delivery twice has the effect of once: the head stays the newest.
    for (let i = 0; i < 2; i += 1) {
      const replay = await t.post(`/v1/integrations/${integration.id}/deliveries/${accepted.body.deliveryId}/replay`, undefined, as(owner));
      expect(replay.status).toBe(202);
      await settled(t, owner, integration.id, accepted.body.deliveryId);
    }
    expect((await t.get(`/v1/repositories/${repositoryId}/branches/master`, as(owner))).body.headSha).toBe('b'.repeat(40));
    expect(await count(`select count(*) as n from repositories where organization_id = $1 and external_id = '186853002'`, [owner.organization.id])).toBe(1);

    const tag = await hooks.github(
      integration.id,
      SECRET,
      'push',
      githubExample('push', (p) => p.ref.startsWith('refs/tags/')),
    );
    expect((await settled(t, owner, integration.id, tag.body.deliveryId)).status).toBe('ignored');
  });

  it('pull_request links tasks by key: opened → in_review, merged → done; replays change nothing more', async () => {
    const project = await f().project(owner);
    const task = await f().task(owner, project.id, { status: 'in_progress' });
    const integration = await createIntegration(t, owner, {
      platform: 'github',
      webhookSecret: SECRET,
      configuration: { taskKeyPrefixes: { PAY: project.id } },
    });
    const opened = githubExample('pull_request', (p) => p.action === 'opened' && !p.pull_request.draft);
    opened.pull_request.title = `PAY-${task.number}: ${opened.pull_request.title}`;
    const first = await hooks.github(integration.id, SECRET, 'pull_request', opened);
    const result = await settled(t, owner, integration.id, first.body.deliveryId);
    expect(result).toMatchObject({ status: 'processed', event: 'pull_request.opened' });
    expect((await t.get(`/v1/tasks/${task.id}`, as(owner))).body.status).toBe('in_review');

    const closed = githubExample('pull_request', (p) => p.action === 'closed');
    closed.pull_request.title = opened.pull_request.title;
    closed.pull_request.merged = true;
    const merged = await hooks.github(integration.id, SECRET, 'pull_request', closed);
    expect((await settled(t, owner, integration.id, merged.body.deliveryId)).outcome).toMatchObject({ merged: true });
    const doneTask = (await t.get(`/v1/tasks/${task.id}`, as(owner))).body;
    expect(doneTask.status).toBe('done');

    for (const id of [first.body.deliveryId, merged.body.deliveryId, first.body.deliveryId]) {
      await t.post(`/v1/integrations/${integration.id}/deliveries/${id}/replay`, undefined, as(owner));
      await settled(t, owner, integration.id, id);
    }
    const after = (await t.get(`/v1/tasks/${task.id}`, as(owner))).body;
    expect(after).toMatchObject({ status: 'done', version: doneTask.version });
    expect(await count(`select count(*) as n from external_mappings where integration_id = $1 and external_type = 'pull_request_task'`, [integration.id])).toBe(
      1,
    );
  });

  it('installation and installation_repositories register repositories once, linked to the configured projects', async () => {
    const owner = await f().organization();
    const project = await f().project(owner);
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET, configuration: { repositoryProjectIds: [project.id] } });
    const created = await hooks.github(
      integration.id,
      SECRET,
      'installation',
      githubExample('installation', (p) => p.action === 'created'),
    );
    expect((await settled(t, owner, integration.id, created.body.deliveryId)).status).toBe('processed');
    const added = await hooks.github(
      integration.id,
      SECRET,
      'installation_repositories',
      githubExample('installation_repositories', (p) => p.action === 'added'),
    );
    expect((await settled(t, owner, integration.id, added.body.deliveryId)).status).toBe('processed');
    const removed = await hooks.github(
      integration.id,
      SECRET,
      'installation_repositories',
      githubExample('installation_repositories', (p) => p.action === 'removed'),
    );
    expect((await settled(t, owner, integration.id, removed.body.deliveryId)).outcome).toMatchObject({ repositories: [], removed: ['octocat/Hello-World'] });
    await t.post(`/v1/integrations/${integration.id}/deliveries/${created.body.deliveryId}/replay`, undefined, as(owner));
    await settled(t, owner, integration.id, created.body.deliveryId);
    const repositories = await t.get(`/v1/repositories?projectId=${project.id}`, as(owner));
    expect(repositories.body.items.map((r: { owner: string; name: string }) => `${r.owner}/${r.name}`).sort()).toEqual([
      'Codertocat/Hello-World',
      'Codertocat/Space',
    ]);
  });

  it('workflow_run / workflow_job mirror a pipeline execution and its steps; a failed run notifies Slack once', async () => {
    const owner = await f().organization();
    const project = await f().project(owner);
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET, configuration: { repositoryProjectIds: [project.id] } });
    const slack = await createIntegration(t, owner, {
      platform: 'slack',
      credentials: { token: 'xoxb-test' },
      configuration: { slack: { channel: 'C0PIPELINES', notify: ['pipeline.failed'] } },
    });
    const run = githubExample('workflow_run', (p) => p.action === 'completed' && p.workflow_run.conclusion === 'success');
    // GitHub sends a run's times as they are: recent. (The example's 2020 dates fall before the first partition of pipeline_executions.)
    const now = new Date().toISOString();
    Object.assign(run.workflow_run, { created_at: now, updated_at: now, run_started_at: now });
    const sent = await hooks.github(integration.id, SECRET, 'workflow_run', run);
    const done = await settled(t, owner, integration.id, sent.body.deliveryId);
    expect({ status: done.status, error: done.error }).toEqual({ status: 'processed', error: null });
    expect(done.outcome).toMatchObject({ status: 'succeeded', executionId: expect.any(String) });
    const job = githubExample('workflow_job', (p) => p.action === 'completed');
    job.workflow_job.run_id = run.workflow_run.id;
    const jobSent = await hooks.github(integration.id, SECRET, 'workflow_job', job);
    expect((await settled(t, owner, integration.id, jobSent.body.deliveryId)).status).toBe('processed');
    const execution = await t.get(`/v1/pipeline-executions/${done.outcome.executionId}`, as(owner));
    expect(execution.status).toBe(200);
    expect(execution.body.steps).toHaveLength(1);
    // Replays land on the same execution and step.
    await t.post(`/v1/integrations/${integration.id}/deliveries/${jobSent.body.deliveryId}/replay`, undefined, as(owner));
    await settled(t, owner, integration.id, jobSent.body.deliveryId);
    expect((await t.get(`/v1/pipeline-executions?projectId=${project.id}`, as(owner))).body.items).toHaveLength(1);

    const failed = structuredClone(run);
    failed.workflow_run.id = run.workflow_run.id + 1;
    failed.workflow_run.conclusion = 'failure';
    const failure = await hooks.github(integration.id, SECRET, 'workflow_run', failed);
    expect((await settled(t, owner, integration.id, failure.body.deliveryId)).outcome).toMatchObject({ status: 'failed' });
    await t.post(`/v1/integrations/${integration.id}/deliveries/${failure.body.deliveryId}/replay`, undefined, as(owner));
    await settled(t, owner, integration.id, failure.body.deliveryId);
    const posted = await eventually(async () => {
      const calls = fake.to('/slack/chat.postMessage').filter((call) => call.body?.channel === 'C0PIPELINES');
      return calls.length > 0 && calls;
    }, 'the Slack notification');
    expect(posted[0].headers.authorization).toBe('Bearer xoxb-test');
    expect(posted[0].body.text).toMatch(/Pipeline failed/);
    const outbound = await eventually(async () => {
      const page = await t.get(`/v1/integrations/${slack.id}/communications?direction=outbound`, as(owner));
      return page.body.items.length > 0 && page.body.items;
    }, 'the outbound communication');
    expect(outbound[0]).toMatchObject({ operation: 'slack.post_message', status: 'succeeded', httpStatus: 200 });
    expect(fake.to('/slack/chat.postMessage').filter((call) => call.body?.channel === 'C0PIPELINES')).toHaveLength(1);
  });

  it('answers 5xx and stores nothing when the delivery and its job cannot be written', async () => {
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET });
    const queue = t.app.get(JobQueue);
    const spy = jest.spyOn(queue, 'send').mockRejectedValueOnce(new Error('connection terminated'));
    try {
      const sent = await hooks.github(
        integration.id,
        SECRET,
        'push',
        githubExample('push', (p) => p.ref === 'refs/heads/master'),
        'will-fail',
      );
      expect(sent.status).toBeGreaterThanOrEqual(500);
    } finally {
      spy.mockRestore();
    }
    expect(await count('select count(*) as n from webhook_deliveries where integration_id = $1', [integration.id])).toBe(0);
    // The sender's retry is accepted: the failed attempt left no dedup key behind.
    const retry = await hooks.github(
      integration.id,
      SECRET,
      'push',
      githubExample('push', (p) => p.ref === 'refs/heads/master'),
      'will-fail',
    );
    expect(retry.body.duplicate).toBe(false);
  });

  it('dead deliveries are listed in the sync log and replayed by window', async () => {
    const owner = await f().organization();
    const integration = await createIntegration(t, owner, {
      platform: 'github',
      webhookSecret: SECRET,
    });
    // A project that no longer exists (arranged in SQL: no route accepts it): registering the repository fails, so the delivery dies (max attempts 1).
    await t.sql(`update integrations set configuration = '{"repositoryProjectIds": ["00000000-0000-4000-8000-000000000001"]}' where id = $1`, [integration.id]);
    const sent = await hooks.github(
      integration.id,
      SECRET,
      'installation',
      githubExample('installation', (p) => p.action === 'created'),
    );
    const dead = await settled(t, owner, integration.id, sent.body.deliveryId);
    // The failed attempt is counted (it rolled back its effects, not its count).
    expect(dead).toMatchObject({ status: 'dead', error: expect.any(String), attempts: 1 });
    const log = await t.get(`/v1/integrations/${integration.id}/deliveries?status=dead`, as(owner));
    expect(log.body.items.map((d: { id: string }) => d.id)).toEqual([sent.body.deliveryId]);
    const health = await t.get(`/v1/integrations/${integration.id}/health`, as(owner));
    expect(health.body).toMatchObject({ deliveries: 1, dead: 1 });

    await t.patch(`/v1/integrations/${integration.id}`, { version: integration.version, configuration: {} }, as(owner));
    const replay = await t.post(
      `/v1/integrations/${integration.id}/deliveries/replay-dead`,
      { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
      as(owner),
    );
    expect(replay.body.replayed).toEqual([sent.body.deliveryId]);
    expect(await settled(t, owner, integration.id, sent.body.deliveryId)).toMatchObject({ status: 'processed', attempts: 2 });
    const communications = await t.get(`/v1/integrations/${integration.id}/communications?direction=inbound`, as(owner));
    expect(communications.body.items.map((c: { status: string }) => c.status)).toEqual(['succeeded', 'failed']);
  });

  it('rotation keeps the previous secret valid for the grace period only', async () => {
    const integration = await createIntegration(t, owner, { platform: 'github', webhookSecret: SECRET });
    const push = githubExample('push', (p) => p.ref === 'refs/heads/master');
    const rotated = await t.post(`/v1/integrations/${integration.id}/webhook-secret`, { webhookSecret: 'the-next-secret', graceSeconds: 3600 }, as(owner));
    expect(rotated.status).toBe(200);
    expect(JSON.stringify(rotated.body)).not.toMatch(/secret-|sealed/i);
    expect((await hooks.github(integration.id, SECRET, 'push', push)).status).toBe(200);
    expect((await hooks.github(integration.id, 'the-next-secret', 'push', push)).status).toBe(200);
    await t.post(`/v1/integrations/${integration.id}/webhook-secret`, { webhookSecret: 'the-third-secret', graceSeconds: 0 }, as(owner));
    expect((await hooks.github(integration.id, 'the-next-secret', 'push', push)).status).toBe(401);
    expect((await hooks.github(integration.id, 'the-third-secret', 'push', push)).status).toBe(200);
  });
});
