import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from '../tasks/support';
import { AgentRunsSweeper } from '../../src/modules/agents/infrastructure/jobs/agent-runs-sweeper.job';
import { FakeCodegen } from './fake-codegen';
import { agentEnv, createAgent, eventually, runOf, waitForStatus } from './support';

describe('agents: runs at the provider (fake Codegen)', () => {
  let fake: FakeCodegen;
  let t: TestApp;
  let owner: Session;
  const lines: string[] = [];
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    fake = await FakeCodegen.start();
    t = await TestApp.start({ ...agentEnv(fake), LOG_LEVEL: 'debug' }, { logDestination: { write: (line: string) => void lines.push(line) } });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('submits a run, polls it with growing intervals and records the outcome with its pull requests', async () => {
    const agent = await createAgent(t, fake, owner);
    const started = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Fix the flaky test [lifecycle]', context: { repository: 'acme/app' } }, as());
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'queued', agentId: agent.id, sourceType: 'api', costIsEstimate: true, estimatedOutputTokens: 4000 });
    expect(started.body.estimatedCostUsd).toBeGreaterThan(0);
    fake.scriptFor('[lifecycle]', {
      readsBeforeEnd: 3,
      end: 'COMPLETE',
      result: 'Fixed it',
      pullRequests: [{ url: 'https://github.com/acme/app/pull/42', title: 'Fix flaky test' }],
    });

    const done = await waitForStatus(t, owner, started.body.id, ['completed']);
    expect(done).toMatchObject({
      status: 'completed',
      result: 'Fixed it',
      pullRequests: [{ url: 'https://github.com/acme/app/pull/42', title: 'Fix flaky test', number: 42 }],
      attempts: 1,
      polls: 4,
      webUrl: expect.stringContaining('/agent/trace/'),
      externalRunId: expect.any(String),
      estimatedOutputTokens: 2, // "Fixed it": the real result's size replaces the expectation
    });
    expect(new Date(done.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.startedAt).getTime());
    const creates = fake.of('create', agent.externalOrg);
    expect(creates).toHaveLength(1);
    expect(creates[0].authorization).toBe(`Bearer ${agent.token}`);
    const reads = fake.of('read', agent.externalOrg).map((r) => r.at);
    expect(reads).toHaveLength(4);
    // Growing intervals: each gap at least the base (40 ms) × 1.5^n, minus scheduling slack.
    const gaps = reads.slice(1).map((at, i) => at - reads[i]);
    expect(gaps[2]).toBeGreaterThanOrEqual(80);

    const stats = (await t.get(`/v1/agents/${agent.id}`, as())).body.usageStats;
    expect(stats).toMatchObject({ runs: 1, completed: 1, failed: 0 });
    const events = await t.sql(`select type, source from events where organization_id = $1 and entity_id = $2 order by occurred_at`, [
      owner.organization.id,
      started.body.id,
    ]);
    expect(events.map((e: any) => e.type)).toEqual(['agents.run.queued', 'agents.run.started', 'agents.run.completed']);
  });

  it('hands a task to an agent; a completed run moves it to in_review with the PR links, a failed one back to todo, with history and audit', async () => {
    const agent = await createAgent(t, fake, owner, { capabilities: { taskTypes: ['bug'] } });
    const projectId = await createProject(t, owner);
    const good = await createTask(t, owner, projectId, { title: 'Fix login [good]', type: 'bug', status: 'todo' });
    const bad = await createTask(t, owner, projectId, { title: 'Fix logout [bad]', type: 'bug', status: 'todo', maxRetries: 2 });
    const story = await createTask(t, owner, projectId, { title: 'A story', type: 'story', status: 'todo' });
    fake.scriptFor('[bad]', { readsBeforeEnd: 1, end: 'FAILED' });

    const mismatch = await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: story.id }, as());
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'AGENTS.CAPABILITY_MISMATCH']);

    const handed = await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: good.id }, as());
    expect(handed.status).toBe(201);
    expect(handed.body.task).toMatchObject({ id: good.id, status: 'in_progress' });
    expect(handed.body.run).toMatchObject({ taskId: good.id, sourceType: 'handoff', prompt: expect.stringContaining('Fix login') });
    const again = await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: good.id }, as());
    expect([again.status, again.body.code]).toEqual([409, 'TASKS.NOT_READY']);
    const failing = await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: bad.id }, as());
    expect(failing.status).toBe(201);

    await waitForStatus(t, owner, handed.body.run.id, ['completed']);
    await waitForStatus(t, owner, failing.body.run.id, ['failed']);
    const reviewed = (await t.get(`/v1/tasks/${good.id}`, as())).body;
    expect(reviewed).toMatchObject({ status: 'in_review', assignee: { type: 'agent', id: agent.id } });
    expect(reviewed.metadata.agentRun).toMatchObject({
      runId: handed.body.run.id,
      pullRequests: [expect.objectContaining({ url: expect.stringContaining('/pull/') })],
    });
    const retried = (await t.get(`/v1/tasks/${bad.id}`, as())).body;
    expect(retried).toMatchObject({ status: 'todo', assignee: null, retryCount: 1 });

    const history = (await t.get(`/v1/tasks/${good.id}/history?field=status`, as())).body.items.map((h: any) => [h.oldValue, h.newValue, h.actor.type]);
    expect(history).toEqual(
      expect.arrayContaining([
        ['in_progress', 'in_review', 'system'],
        ['todo', 'in_progress', 'user'],
      ]),
    );
    const audit = await t.sql(`select action, actor_type from audit_logs where organization_id = $1 and entity_id = $2 order by created_at`, [
      owner.organization.id,
      good.id,
    ]);
    expect(audit.map((a: any) => [a.action, a.actor_type])).toEqual(
      expect.arrayContaining([
        ['claim', 'user'],
        ['review', 'system'],
      ]),
    );
    const runAudit = await t.sql(`select action from audit_logs where organization_id = $1 and entity_id = $2`, [owner.organization.id, failing.body.run.id]);
    expect(runAudit.map((a: any) => a.action).sort()).toEqual(['create', 'failed']);
  });

  it('cancels a run while it is being polled: no more reads, the task goes back to the queue', async () => {
    const agent = await createAgent(t, fake, owner);
    const projectId = await createProject(t, owner);
    const task = await createTask(t, owner, projectId, { title: 'Long one [forever]', status: 'todo' });
    fake.scriptFor('[forever]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const handed = await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: task.id }, as());
    const runId = handed.body.run.id;
    await eventually(async () => fake.of('read', agent.externalOrg).length >= 2, 30_000, 'polling');
    const cancelled = await t.post(`/v1/agent-runs/${runId}/cancel`, {}, as());
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', finishedAt: expect.any(String) });
    const readsAtCancel = fake.of('read', agent.externalOrg).length;
    // Whatever poll was in flight is recorded as stale; the next scheduled one never happens. Wait past
    // several poll intervals (the max is 200 ms) by polling the fake for a change that must not come.
    await expect(eventually(async () => fake.of('read', agent.externalOrg).length > readsAtCancel + 1, 1500, 'no more reads')).rejects.toThrow(/timed out/);
    expect((await runOf(t, owner, runId)).status).toBe('cancelled');
    expect((await t.get(`/v1/tasks/${task.id}`, as())).body).toMatchObject({ status: 'todo', assignee: null });
    const twice = await t.post(`/v1/agent-runs/${runId}/cancel`, {}, as());
    expect([twice.status, twice.body.code]).toEqual([409, 'AGENTS.INVALID_RUN_TRANSITION']);
  });

  it('a run still queued when its agent is deactivated never reaches the provider; its task goes back to the queue', async () => {
    const agent = await createAgent(t, fake, owner, { maxConcurrentRuns: 1 });
    const projectId = await createProject(t, owner);
    const task = await createTask(t, owner, projectId, { title: 'Waits [deactivated]', status: 'todo' });
    fake.scriptFor('[deactivated]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const first = (await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Holds the slot [deactivated]' }, as())).body;
    await waitForStatus(t, owner, first.id, ['running']);
    const waiting = (await t.post(`/v1/agents/${agent.id}/handoff`, { taskId: task.id }, as())).body.run; // queued: the agent's one slot is taken
    const current = (await t.get(`/v1/agents/${agent.id}`, as())).body;
    expect((await t.patch(`/v1/agents/${agent.id}`, { version: current.version, active: false }, as())).status).toBe(200);
    await t.post(`/v1/agent-runs/${first.id}/cancel`, {}, as()); // the slot frees: the waiting run is decided now
    const stopped = await waitForStatus(t, owner, waiting.id, ['cancelled', 'running', 'completed', 'failed']);
    expect([stopped.status, stopped.error]).toEqual(['cancelled', 'The agent was deactivated before the run reached the provider']);
    expect(fake.of('create', agent.externalOrg)).toHaveLength(1);
    expect((await t.get(`/v1/tasks/${task.id}`, as())).body).toMatchObject({ status: 'todo', assignee: null, retryCount: 0 });
  });

  it('honours 429 Retry-After and retries 5xx and slow answers', async () => {
    const agent = await createAgent(t, fake, owner);
    fake.force('create', { status: 429, retryAfter: '1' });
    fake.force('create', { status: 502 });
    const started = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Retry me' }, as());
    const done = await waitForStatus(t, owner, started.body.id, ['completed']);
    expect(done.attempts).toBe(3);
    const creates = fake.of('create', agent.externalOrg);
    expect(creates.map((c) => c.answered)).toEqual([429, 502, 200]);
    expect(creates[1].at - creates[0].at).toBeGreaterThanOrEqual(950); // Retry-After: 1 s
  });

  it('never puts the token in a response or a log line', async () => {
    const agent = await createAgent(t, fake, owner);
    const responses = [
      await t.get(`/v1/agents/${agent.id}`, as()),
      await t.get('/v1/agents', as()),
      await t.put(`/v1/agents/${agent.id}/credentials`, { organizationId: agent.externalOrg, apiToken: agent.token }, as()),
    ];
    fake.force('create', { status: 500 });
    const run = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Log nothing secret' }, as());
    await waitForStatus(t, owner, run.body.id, ['completed']);
    responses.push(await t.get(`/v1/agent-runs/${run.body.id}`, as()));
    for (const response of responses) expect(JSON.stringify(response.body)).not.toContain(agent.token);
    expect(responses[0].body.credentials).toEqual({ externalOrganizationId: agent.externalOrg, keyId: expect.any(String), rotatedAt: expect.any(String) });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(agent.token))).toEqual([]);
    const stored = await t.sql(`select sealed_token from agent_credentials where agent_id = $1`, [agent.id]);
    expect(stored[0].sealed_token).toMatch(/^v1:/);
    expect(stored[0].sealed_token).not.toContain(agent.token);
    expect(JSON.stringify(await t.sql(`select * from audit_logs where entity_id = $1`, [agent.id]))).not.toContain(agent.token);
  });

  it('the sweeper picks up a run whose step was lost with a worker', async () => {
    const agent = await createAgent(t, fake, owner);
    const started = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Lost one [lost]' }, as());
    fake.scriptFor('[lost]', { readsBeforeEnd: 0, end: 'COMPLETE' });
    await waitForStatus(t, owner, started.body.id, ['completed']);
    // A second run whose job is lost: its step moved on (as when a worker dies mid-call) and nothing is queued for it.
    const lost = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Lost two [lost]' }, as());
    await t.post(`/v1/agent-runs/${lost.body.id}/cancel`, {}, as()); // stops the worker from taking it …
    await t.sql(`update agent_runs set status = 'queued', finished_at = null, step = step + 5, next_check_at = now() - interval '10 minutes' where id = $1`, [
      lost.body.id,
    ]); // … then it is open again with no job
    const sweeper = t.app.get(AgentRunsSweeper);
    const swept = await sweeper.sweep();
    expect(swept.rescheduled).toBeGreaterThanOrEqual(1);
    await waitForStatus(t, owner, lost.body.id, ['completed']);
  });

  it('an unknown provider token fails the run with the provider’s refusal', async () => {
    const agent = await createAgent(t, fake, owner);
    fake.account(agent.externalOrg, `other-${randomUUID()}`);
    const run = await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'Refused' }, as());
    const failed = await waitForStatus(t, owner, run.body.id, ['failed']);
    expect(failed.error).toMatch(/refused the run \(401\): Invalid API token/);
  });
});
