import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: bulk create and update', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  const as = () => ({ token: owner.accessToken });
  const count = async (project: string) => (await t.sql('select count(*)::int as n from tasks where project_id = $1', [project]))[0].n;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    projectId = await createProject(t, owner);
  });
  afterAll(() => t.close());

  it('creates a batch whose items nest under each other in any order', async () => {
    const existing = await createTask(t, owner, projectId, { title: 'existing epic', type: 'epic' });
    const response = await t.post(
      '/v1/tasks/bulk',
      {
        tasks: [
          { projectId, title: 'subtask', parentRef: 'story', type: 'subtask' },
          { projectId, title: 'story', ref: 'story', parentRef: 'epic', type: 'story' },
          { projectId, title: 'epic', ref: 'epic', type: 'epic', parentId: existing.id },
          { projectId, title: 'loose', labels: ['a'], status: 'todo' },
        ],
      },
      as(),
    );
    expect(response.status).toBe(201);
    const [subtask, story, epic, loose] = response.body.items;
    expect([subtask.title, story.title, epic.title, loose.title]).toEqual(['subtask', 'story', 'epic', 'loose']);
    expect(subtask.parentId).toBe(story.id);
    expect(story.parentId).toBe(epic.id);
    expect(epic.parentId).toBe(existing.id);
    expect(response.body.items.map((x: any) => x.number)).toEqual([2, 3, 4, 5]);
    const path = await t.get(`/v1/tasks/${subtask.id}/ancestors`, as());
    expect(path.body.items.map((n: any) => n.title)).toEqual(['story', 'epic', 'existing epic']);
  });

  it('rejects the whole batch and reports every bad item', async () => {
    const before = await count(projectId);
    const response = await t.post(
      '/v1/tasks/bulk',
      {
        tasks: [
          { projectId, title: 'fine', ref: 'ok' },
          { projectId, title: 'orphan', parentRef: 'missing' },
          { projectId: '00000000-0000-4000-8000-000000000001', title: 'nowhere' },
          { projectId, title: 'bad parent', parentId: '00000000-0000-4000-8000-000000000002' },
          { projectId, title: 'loop a', ref: 'la', parentRef: 'lb' },
          { projectId, title: 'loop b', ref: 'lb', parentRef: 'la' },
          { projectId, title: 'both', parentRef: 'ok', parentId: '00000000-0000-4000-8000-000000000002' },
          { projectId, title: 'stranger', assignee: { type: 'user', id: '00000000-0000-4000-8000-000000000003' } },
        ],
      },
      as(),
    );
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('TASKS.BULK_REJECTED');
    expect(response.body.items.map((i: any) => [i.index, i.code])).toEqual([
      [1, 'TASKS.UNKNOWN_REF'],
      [2, 'PROJECTS.PROJECT_NOT_FOUND'],
      [3, 'TASKS.PARENT_NOT_FOUND'],
      [4, 'TASKS.REF_CYCLE'],
      [5, 'TASKS.REF_CYCLE'],
      [6, 'TASKS.INVALID_ITEM'],
      [7, 'TASKS.NOT_A_MEMBER'],
    ]);
    expect(await count(projectId)).toBe(before);
  });

  it('refuses more than 100 items with 413 before validating them, and an empty batch with 400', async () => {
    const tasks = Array.from({ length: 101 }, (_, i) => ({ projectId, title: `t${i}` }));
    const tooMany = await t.post('/v1/tasks/bulk', { tasks }, as());
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: 'TASKS.BULK_TOO_LARGE', max: 100, count: 101 });
    const patchTooMany = await t.patch('/v1/tasks/bulk', { items: tasks.map(() => ({ id: projectId, status: 'todo' })) }, as());
    expect(patchTooMany.status).toBe(413);
    expect((await t.post('/v1/tasks/bulk', { tasks: [] }, as())).status).toBe(400);
    const hundred = await t.post('/v1/tasks/bulk', { tasks: tasks.slice(0, 100) }, as());
    expect(hundred.status).toBe(201);
    expect(hundred.body.items).toHaveLength(100);
  });

  it('updates status, priority, assignee and labels of many tasks, all or nothing', async () => {
    const member = await t.addMember(owner, 'member');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createTask(t, owner, projectId, { status: 'todo', labels: ['old', 'keep'] })));
    const rejected = await t.patch(
      '/v1/tasks/bulk',
      {
        items: [
          { id: a.id, status: 'in_progress' },
          { id: b.id, status: 'done' },
          { id: c.id, version: 7, priority: 'high' },
          { id: '00000000-0000-4000-8000-000000000009', priority: 'low' },
          { id: a.id, priority: 'low' },
        ],
      },
      as(),
    );
    expect(rejected.status).toBe(422);
    expect(rejected.body.items.map((i: any) => [i.index, i.code])).toEqual([
      [1, 'TASKS.INVALID_TRANSITION'],
      [2, 'COMMON.STALE_VERSION'],
      [3, 'TASKS.TASK_NOT_FOUND'],
      [4, 'TASKS.DUPLICATE_ITEM'],
    ]);
    expect(rejected.body.items[0].details).toMatchObject({ from: 'todo', to: 'done' });
    expect((await t.get(`/v1/tasks/${a.id}`, as())).body.status).toBe('todo');

    const applied = await t.patch(
      '/v1/tasks/bulk',
      {
        items: [
          { id: a.id, status: 'in_progress', assignee: { type: 'user', id: member.user.id }, addLabels: ['new'], removeLabels: ['OLD'] },
          { id: b.id, priority: 'urgent', labels: ['only'] },
          { id: c.id, version: 1, assignee: null },
        ],
      },
      as(),
    );
    expect(applied.status).toBe(200);
    expect(applied.body.items[0]).toMatchObject({ id: a.id, status: 'in_progress', labels: ['keep', 'new'], version: 2, startedAt: expect.any(String) });
    expect(applied.body.items[1]).toMatchObject({ id: b.id, priority: 'urgent', labels: ['only'] });
    expect(applied.body.items[2]).toMatchObject({ id: c.id, assignee: null });
    const history = await t.get(`/v1/tasks/${a.id}/history?field=labels`, as());
    expect(history.body.items[0]).toMatchObject({ oldValue: ['old', 'keep'], newValue: ['keep', 'new'] });
  });
});
