import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: CRUD, transitions, history', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  beforeAll(async () => {
    t = await TestApp.start(process.env.TASKS_DEBUG ? { LOG_LEVEL: 'error' } : {});
    owner = await t.signup();
    projectId = await createProject(t, owner);
  });
  afterAll(() => t.close());

  it('creates a task with every field and reads it back', async () => {
    const member = await t.addMember(owner, 'member');
    const created = await t.post(
      '/v1/tasks',
      {
        projectId,
        title: '  Retry webhooks  ',
        description: '# Retry\nWith **backoff**',
        type: 'story',
        status: 'todo',
        priority: 'high',
        assignee: { type: 'user', id: member.user.id },
        labels: ['backend', 'Backend', 'webhooks'],
        estimate: 3.5,
        actualMinutes: 0,
        dueDate: '2026-12-15',
        maxRetries: 2,
        metadata: { source: 'test' },
      },
      { token: owner.accessToken },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      projectId,
      number: expect.any(Number),
      title: 'Retry webhooks',
      type: 'story',
      status: 'todo',
      priority: 'high',
      assignee: { type: 'user', id: member.user.id },
      reporter: { type: 'user', id: owner.user.id },
      labels: ['backend', 'webhooks'],
      estimate: 3.5,
      dueDate: '2026-12-15',
      maxRetries: 2,
      retryCount: 0,
      metadata: { source: 'test' },
      startedAt: null,
      completedAt: null,
      deletedAt: null,
      version: 1,
    });
    const read = await t.get(`/v1/tasks/${created.body.id}`, { token: member.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('numbers tasks sequentially per project', async () => {
    const other = await createProject(t, owner);
    const a = await createTask(t, owner, other);
    const b = await createTask(t, owner, other);
    expect([a.number, b.number]).toEqual([1, 2]);
  });

  it('enforces transitions, sets timestamps, and records per-field history', async () => {
    const task = await createTask(t, owner, projectId, { status: 'todo' });
    const illegal = await t.patch(`/v1/tasks/${task.id}`, { version: 1, status: 'done' }, { token: owner.accessToken });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'TASKS.INVALID_TRANSITION', from: 'todo', to: 'done' });
    expect(illegal.body.allowed).toContain('in_progress');

    const started = await t.patch(`/v1/tasks/${task.id}`, { version: 1, status: 'in_progress', priority: 'urgent' }, { token: owner.accessToken });
    expect(started.status).toBe(200);
    expect(started.body.startedAt).not.toBeNull();
    expect(started.body.version).toBe(2);
    const done = await t.patch(`/v1/tasks/${task.id}`, { version: 2, status: 'done' }, { token: owner.accessToken });
    expect(done.body.completedAt).not.toBeNull();
    const reopened = await t.patch(`/v1/tasks/${task.id}`, { version: 3, status: 'todo' }, { token: owner.accessToken });
    expect(reopened.body.completedAt).toBeNull();
    expect(reopened.body.startedAt).toBe(started.body.startedAt);

    const stale = await t.patch(`/v1/tasks/${task.id}`, { version: 2, title: 'late' }, { token: owner.accessToken });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'COMMON.STALE_VERSION', currentVersion: 4 });

    const history = await t.get(`/v1/tasks/${task.id}/history?field=status`, { token: owner.accessToken });
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => [h.oldValue, h.newValue])).toEqual([
      ['done', 'todo'],
      ['in_progress', 'done'],
      ['todo', 'in_progress'],
      [null, 'todo'],
    ]);
    expect(history.body.items[0].actor).toEqual({ type: 'user', id: owner.user.id });
    const all = await t.get(`/v1/tasks/${task.id}/history?limit=2`, { token: owner.accessToken });
    expect(all.body.items).toHaveLength(2);

    // Each change of status is a notable fact in the event log, with the request's trace.
    const events = await t.sql(`select type, actor_type, actor_id, payload, trace_id from events where task_id = $1 order by occurred_at, type`, [task.id]);
    expect(events.map((e: any) => [e.type, e.payload.from, e.payload.to])).toEqual([
      ['tasks.task.status_changed', 'todo', 'in_progress'],
      ['tasks.task.completed', 'in_progress', 'done'],
      ['tasks.task.status_changed', 'done', 'todo'],
    ]);
    expect(events[0]).toMatchObject({ actor_type: 'user', actor_id: owner.user.id, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const next = await t.get(`/v1/tasks/${task.id}/history?limit=100&cursor=${all.body.nextCursor}`, { token: owner.accessToken });
    expect(next.body.items.map((h: any) => h.id)).not.toContain(all.body.items[0].id);
    expect(next.body.items.map((h: any) => h.field)).toEqual(expect.arrayContaining(['priority', 'startedAt', 'completedAt', 'title']));

    const audit = await t.get(`/v1/audit-logs?entityType=task&entityId=${task.id}`, { token: owner.accessToken });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('soft-deletes a subtree and restores exactly it', async () => {
    const root = await createTask(t, owner, projectId);
    const child = await createTask(t, owner, projectId, { parentId: root.id });
    const grandchild = await createTask(t, owner, projectId, { parentId: child.id });
    const removed = await t.delete(`/v1/tasks/${root.id}`, { token: owner.accessToken });
    expect(removed.status).toBe(200);
    expect(removed.body.deletedCount).toBe(3);
    const gone = await t.get(`/v1/tasks?parentId=${child.id}`, { token: owner.accessToken });
    expect(gone.body.items).toHaveLength(0);
    const stillReadable = await t.get(`/v1/tasks/${grandchild.id}`, { token: owner.accessToken });
    expect(stillReadable.body.deletedAt).not.toBeNull();
    const change = await t.patch(`/v1/tasks/${grandchild.id}`, { version: stillReadable.body.version, title: 'x' }, { token: owner.accessToken });
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('TASKS.DELETED');
    const childFirst = await t.post(`/v1/tasks/${child.id}/restore`, undefined, { token: owner.accessToken });
    expect(childFirst.status).toBe(409);
    expect(childFirst.body.code).toBe('TASKS.PARENT_DELETED');
    const restored = await t.post(`/v1/tasks/${root.id}/restore`, undefined, { token: owner.accessToken });
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    const back = await t.get(`/v1/tasks/${grandchild.id}`, { token: owner.accessToken });
    expect(back.body.deletedAt).toBeNull();
    const again = await t.post(`/v1/tasks/${root.id}/restore`, undefined, { token: owner.accessToken });
    expect(again.body.code).toBe('TASKS.NOT_DELETED');
  });

  it('contributes open-task counters to the cross-project summary', async () => {
    const summarized = await createProject(t, owner, 'Summarized');
    const open = await createTask(t, owner, summarized, { status: 'todo', dueDate: '2020-01-01' });
    await createTask(t, owner, summarized, { status: 'in_progress' });
    const finished = await createTask(t, owner, summarized, { status: 'todo' });
    await t.patch(`/v1/tasks/${finished.id}`, { version: 1, status: 'cancelled' }, { token: owner.accessToken });
    await t.delete(`/v1/tasks/${(await createTask(t, owner, summarized)).id}`, { token: owner.accessToken });
    const summary = await t.get('/v1/projects/summary?limit=100', { token: owner.accessToken });
    expect(summary.status).toBe(200);
    const entry = summary.body.items.find((item: any) => item.project.id === summarized);
    expect(entry.counters.tasks).toEqual({ open: 2, inProgress: 1, blocked: 0, overdue: 1, done: 0, total: 3 });
    expect(open.number).toBe(1);
  });

  it('lets viewers read but not write', async () => {
    const viewer = await t.addMember(owner, 'viewer');
    const task = await createTask(t, owner, projectId);
    expect((await t.get(`/v1/tasks/${task.id}`, { token: viewer.accessToken })).status).toBe(200);
    expect((await t.post('/v1/tasks', { projectId, title: 'no' }, { token: viewer.accessToken })).status).toBe(403);
  });
});
