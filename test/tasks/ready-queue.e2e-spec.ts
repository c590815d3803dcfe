import { Session, TestApp } from '../support/test-app';
import { createAgent } from '../agents/support';
import { createProject, createTask } from './support';

describe('tasks: ready queue and claims', () => {
  let t: TestApp;
  let owner: Session;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('lists open unblocked tasks by priority then age; a finished blocker stops blocking', async () => {
    const projectId = await createProject(t, owner);
    const low = await createTask(t, owner, projectId, { title: 'low', priority: 'low', status: 'todo' });
    const urgent = await createTask(t, owner, projectId, { title: 'urgent', priority: 'urgent', status: 'backlog' });
    const blocked = await createTask(t, owner, projectId, { title: 'blocked', priority: 'urgent', status: 'todo' });
    const blocker = await createTask(t, owner, projectId, { title: 'blocker', priority: 'none', status: 'in_progress' });
    const urgent2 = await createTask(t, owner, projectId, { title: 'urgent2', priority: 'urgent', status: 'todo' });
    await createTask(t, owner, projectId, { title: 'started', priority: 'urgent', status: 'in_progress' });
    await createTask(t, owner, projectId, { title: 'parked', priority: 'urgent', status: 'todo' }).then((x) =>
      t.patch(`/v1/tasks/${x.id}`, { version: 1, status: 'blocked' }, as()),
    );
    await t.post(`/v1/tasks/${blocker.id}/relations`, { type: 'blocks', taskId: blocked.id }, as());

    const ready = await t.get(`/v1/tasks/ready?projectId=${projectId}`, as());
    expect(ready.status).toBe(200);
    expect(ready.body.items.map((x: any) => x.title)).toEqual(['urgent', 'urgent2', 'low']);

    const page1 = await t.get(`/v1/tasks/ready?projectId=${projectId}&limit=2`, as());
    const page2 = await t.get(`/v1/tasks/ready?projectId=${projectId}&limit=2&cursor=${page1.body.nextCursor}`, as());
    expect([...page1.body.items, ...page2.body.items].map((x: any) => x.id)).toEqual([urgent.id, urgent2.id, low.id]);

    await t.patch(`/v1/tasks/${blocker.id}`, { version: 1, status: 'done' }, as());
    const after = await t.get(`/v1/tasks/ready?projectId=${projectId}`, as());
    expect(after.body.items.map((x: any) => x.title)).toEqual(['urgent', 'blocked', 'urgent2', 'low']);
    const todoOnly = await t.get(`/v1/tasks/ready?projectId=${projectId}&status=todo`, as());
    expect(todoOnly.body.items.map((x: any) => x.title)).toEqual(['blocked', 'urgent2', 'low']);
  });

  it('filters by assignee type and labels', async () => {
    const projectId = await createProject(t, owner);
    const agentId = (await createAgent(t, undefined, owner)).id;
    await createTask(t, owner, projectId, { title: 'agent-work', assignee: { type: 'agent', id: agentId }, labels: ['ml'] });
    await createTask(t, owner, projectId, { title: 'mine', assignee: { type: 'user', id: owner.user.id }, labels: ['ml', 'api'] });
    await createTask(t, owner, projectId, { title: 'nobody', labels: ['api'] });
    const titles = async (query: string) => (await t.get(`/v1/tasks/ready?projectId=${projectId}&${query}`, as())).body.items.map((x: any) => x.title).sort();
    expect(await titles('assigneeType=agent')).toEqual(['agent-work']);
    expect(await titles('assigneeType=none')).toEqual(['nobody']);
    expect(await titles('label=ml')).toEqual(['agent-work', 'mine']);
    expect(await titles('label=ml,api')).toEqual(['mine']);
  });

  it('claims atomically: many concurrent claimers never get the same task', async () => {
    const projectId = await createProject(t, owner);
    const tasks = await Promise.all(Array.from({ length: 8 }, (_, i) => createTask(t, owner, projectId, { title: `job ${i}`, status: 'todo' })));
    const agents = await Promise.all(Array.from({ length: 20 }, () => createAgent(t, undefined, owner)));
    const claims = await Promise.all(agents.map((agent) => t.post('/v1/tasks/claim', { projectId, assignee: { type: 'agent', id: agent.id } }, as())));
    expect(claims.every((c) => c.status === 200)).toBe(true);
    const won = claims.map((c) => c.body.task).filter(Boolean);
    expect(won).toHaveLength(8);
    expect(new Set(won.map((x: any) => x.id)).size).toBe(8);
    expect(new Set(won.map((x: any) => x.id))).toEqual(new Set(tasks.map((x) => x.id)));
    for (const task of won) expect(task).toMatchObject({ status: 'in_progress', assignee: { type: 'agent' }, startedAt: expect.any(String) });
    const stored = await t.sql(`select count(distinct assignee_id)::int as n from tasks where project_id = $1 and status = 'in_progress'`, [projectId]);
    expect(stored[0].n).toBe(8);
    const empty = await t.post('/v1/tasks/claim', { projectId }, as());
    expect(empty.body).toEqual({ task: null });
  });

  it('claims for the calling user by default, in queue order, honouring blockers', async () => {
    const projectId = await createProject(t, owner);
    const first = await createTask(t, owner, projectId, { priority: 'high', status: 'todo' });
    const blocked = await createTask(t, owner, projectId, { priority: 'urgent', status: 'todo' });
    const blocker = await createTask(t, owner, projectId, { status: 'in_review' });
    await t.post(`/v1/tasks/${blocker.id}/relations`, { type: 'blocks', taskId: blocked.id }, as());
    const claim = await t.post('/v1/tasks/claim', { projectId }, as());
    expect(claim.body.task).toMatchObject({ id: first.id, assignee: { type: 'user', id: owner.user.id } });
    const history = await t.get(`/v1/tasks/${first.id}/history?field=assignee`, as());
    expect(history.body.items[0].newValue).toEqual({ type: 'user', id: owner.user.id });
  });

  it('requires an API key to name who claims; retries failures until maxRetries, then parks the task', async () => {
    const projectId = await createProject(t, owner);
    const key = await t.post('/v1/api-keys', { name: 'runner', role: 'member' }, as());
    expect(key.status).toBe(201);
    const machine = { apiKey: key.body.key };
    const task = await createTask(t, owner, projectId, { status: 'todo', maxRetries: 1 });
    const anonymous = await t.post('/v1/tasks/claim', { projectId }, machine);
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.code).toBe('TASKS.CLAIMER_REQUIRED');
    const agent = { type: 'agent', id: (await createAgent(t, undefined, owner)).id };
    const claimed = await t.post('/v1/tasks/claim', { projectId, assignee: agent }, machine);
    expect(claimed.body.task.id).toBe(task.id);
    const failed = await t.post(`/v1/tasks/${task.id}/release`, { outcome: 'failed', reason: 'tests failed' }, machine);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'todo', retryCount: 1, assignee: null, metadata: { lastFailure: { reason: 'tests failed', attempt: 1 } } });
    await t.post('/v1/tasks/claim', { projectId, assignee: agent }, machine);
    const exhausted = await t.post(`/v1/tasks/${task.id}/release`, { outcome: 'failed' }, machine);
    expect(exhausted.body).toMatchObject({ status: 'blocked', retryCount: 2, assignee: agent });
    const notClaimed = await t.post(`/v1/tasks/${task.id}/release`, { outcome: 'released' }, machine);
    expect(notClaimed.status).toBe(409);
    expect(notClaimed.body.code).toBe('TASKS.NOT_IN_PROGRESS');
    const history = await t.get(`/v1/tasks/${task.id}/history?field=retryCount`, as());
    expect(history.body.items[0].actor).toEqual({ type: 'api_key', id: expect.any(String) });
  });

  it('replays a claim retried with the same Idempotency-Key instead of taking a second task', async () => {
    const projectId = await createProject(t, owner);
    await createTask(t, owner, projectId, { status: 'todo' });
    await createTask(t, owner, projectId, { status: 'todo' });
    const headers = { 'idempotency-key': `claim-${projectId}` };
    const first = await t.post('/v1/tasks/claim', { projectId }, { ...as(), headers });
    const retry = await t.post('/v1/tasks/claim', { projectId }, { ...as(), headers });
    expect(retry.body.task.id).toBe(first.body.task.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
