import { randomBytes } from 'node:crypto';
import { FakeCodegen } from '../agents/fake-codegen';
import { agentEnv, createAgent, waitForStatus } from '../agents/support';
import { arrange, claim, finish, trigger } from '../pipelines/support';
import { Session, TestApp } from '../support/test-app';
import { createIntegration, eventually, FakePlatforms } from './support';

/**
 * Slack notifications of native pipeline executions, agent runs and anomalies: the integrations
 * module reacts to the pipelines', agents' and analytics' facts on the event log (NotificationReactions), in their
 * transaction, so the outbound job exists exactly when the fact committed.
 */
describe('Slack notifications of pipeline executions, agent runs and anomalies', () => {
  let platforms: FakePlatforms;
  let codegen: FakeCodegen;
  let t: TestApp;

  beforeAll(async () => {
    platforms = new FakePlatforms();
    await platforms.start();
    codegen = await FakeCodegen.start();
    t = await TestApp.start({ ...agentEnv(codegen), INTEGRATIONS_SLACK_API_URL: `${platforms.url}/slack` });
  });
  afterAll(async () => {
    await t.close();
    await codegen.close();
    await platforms.stop();
  });

  /** An organization with a Slack integration notified of both kinds, in a channel of its own. */
  async function organizationWithSlack(): Promise<{ session: Session; slackId: string; channel: string }> {
    const session = await t.signup();
    const channel = `C0${randomBytes(5).toString('hex').toUpperCase()}`;
    const slack = await createIntegration(t, session, {
      platform: 'slack',
      credentials: { token: 'xoxb-test' },
      configuration: { slack: { channel, notify: ['pipeline.failed', 'agent_run.finished', 'anomaly.raised'] } },
    });
    return { session, slackId: slack.id, channel };
  }

  /** The Slack messages queued for an integration (committed with the fact that caused them). */
  const queuedFor = async (integrationId: string) =>
    (
      await t.sql<{ payload: { action: { kind: string; channel: string; text: string } } }>(
        `select payload from job_queue where queue = 'integrations.outbound' and payload->>'integrationId' = $1`,
        [integrationId],
      )
    ).map((row) => row.payload.action);
  const postedTo = (channel: string) => platforms.to('/slack/chat.postMessage').filter((call) => call.body?.channel === channel);

  it("a native execution that fails sends one Slack message to its organization's channel, and none to another organization", async () => {
    const owner = await organizationWithSlack();
    const other = await organizationWithSlack();
    const { pipeline, runner } = await arrange(t, owner.session);

    // A succeeded execution tells nothing.
    const fine = await trigger(t, owner.session, pipeline.id, { branch: 'main', commitSha: 'a'.repeat(40) });
    const fineStep = await claim(t, runner.token);
    expect((await finish(t, runner.token, fineStep.body.stepId, 0)).status).toBe(200);
    expect((await t.get(`/v1/pipeline-executions/${fine.id}`, { token: owner.session.accessToken })).body.status).toBe('succeeded');
    expect(await queuedFor(owner.slackId)).toEqual([]);

    const execution = await trigger(t, owner.session, pipeline.id, { branch: 'release/1.2', commitSha: '0123456789abcdef0123456789abcdef01234567' });
    const claimed = await claim(t, runner.token);
    expect(claimed.status).toBe(200);
    expect((await finish(t, runner.token, claimed.body.stepId, 2)).status).toBe(200);
    expect((await t.get(`/v1/pipeline-executions/${execution.id}`, { token: owner.session.accessToken })).body.status).toBe('failed');

    // Queued in the runner's transaction: there once the finish call answered.
    const queued = await queuedFor(owner.slackId);
    expect(queued).toEqual([
      {
        kind: 'slack.post_message',
        channel: owner.channel,
        text: `Pipeline failed: execution ${execution.id} of pipeline ${pipeline.id} on release/1.2 at 0123456789ab (status failed)`,
      },
    ]);
    const posted = await eventually(async () => postedTo(owner.channel).length > 0 && postedTo(owner.channel), 'the Slack message');
    expect(posted).toHaveLength(1);
    expect(posted[0].body.text).toBe(queued[0].text);
    expect(await queuedFor(other.slackId)).toEqual([]);
    expect(postedTo(other.channel)).toEqual([]);
  });

  it("an agent run that finishes sends one Slack message to its organization's channel, and none to another organization", async () => {
    const owner = await organizationWithSlack();
    const other = await organizationWithSlack();
    const agent = await createAgent(t, codegen, owner.session);
    codegen.scriptFor('[notified]', { readsBeforeEnd: 1, end: 'FAILED' });
    const started = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Fix the build [notified]' }, { token: owner.session.accessToken });
    expect(started.status).toBe(201);
    // Queued and started tell nothing.
    expect(await queuedFor(owner.slackId)).toEqual([]);

    await waitForStatus(t, owner.session, started.body.id, ['failed']);
    // The worker's finishing transaction made the run failed and queued the message together.
    expect(await queuedFor(owner.slackId)).toEqual([
      {
        kind: 'slack.post_message',
        channel: owner.channel,
        text: `Agent run failed: run ${started.body.id} of agent ${agent.id} (status failed)`,
      },
    ]);
    const posted = await eventually(async () => postedTo(owner.channel).length > 0 && postedTo(owner.channel), 'the Slack message');
    expect(posted).toHaveLength(1);
    expect(await queuedFor(other.slackId)).toEqual([]);
    expect(postedTo(other.channel)).toEqual([]);
  });

  it('an anomaly sends one Slack message when it is raised, none while it lasts, and none to another organization', async () => {
    const owner = await organizationWithSlack();
    const other = await organizationWithSlack();
    const as = { token: owner.session.accessToken };
    const now = Date.now();
    const points = [5, 3].map((minutesAgo) => ({ name: 'queue.depth', value: 600, time: new Date(now - minutesAgo * 60_000).toISOString() }));
    expect((await t.post('/v1/metrics', { points }, as)).status).toBe(200);
    const rule = await t.post(
      '/v1/anomaly-rules',
      { name: 'Queue too deep', metricName: 'queue.depth', kind: 'threshold', threshold: 100, direction: 'above', windowMinutes: 10, severity: 'critical' },
      as,
    );
    expect(rule.status).toBe(201);

    const raised = await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as);
    expect(raised.body.outcome).toBe('raised');
    const queued = await queuedFor(owner.slackId);
    expect(queued).toEqual([
      {
        kind: 'slack.post_message',
        channel: owner.channel,
        text: `Anomaly (${raised.body.anomaly.severity}): ${raised.body.alert.message} (anomaly ${raised.body.anomaly.id}, alert ${raised.body.alert.id})`,
      },
    ]);
    // Deduplicated while it lasts: a second evaluation continues the anomaly and tells nothing.
    expect((await t.post(`/v1/anomaly-rules/${rule.body.id}/evaluate`, undefined, as)).body.outcome).toBe('continued');
    expect(await queuedFor(owner.slackId)).toHaveLength(1);
    const posted = await eventually(async () => postedTo(owner.channel).length > 0 && postedTo(owner.channel), 'the Slack message');
    expect(posted).toHaveLength(1);
    expect(await queuedFor(other.slackId)).toEqual([]);
    expect(postedTo(other.channel)).toEqual([]);
  });
});
