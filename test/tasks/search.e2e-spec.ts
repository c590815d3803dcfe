import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: search, filters, sorting', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  let member: Session;
  const tasks: Record<string, any> = {};
  const as = () => ({ token: owner.accessToken });
  const titles = async (query: string) => {
    const response = await t.get(`/v1/tasks?projectId=${projectId}&${query}`, as());
    expect(response.status).toBe(200);
    return response.body.items.map((x: any) => x.title);
  };

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    member = await t.addMember(owner, 'member');
    projectId = await createProject(t, owner);
    const make = async (title: string, body: Record<string, unknown> = {}) => (tasks[title] = await createTask(t, owner, projectId, { title, ...body }));
    await make('Webhook retries with backoff', {
      description: 'Deliveries are retried.',
      status: 'todo',
      priority: 'high',
      labels: ['backend', 'webhooks'],
      dueDate: '2026-12-01',
      type: 'story',
    });
    await make('Dashboard colours', {
      description: 'The webhook page needs colours too.',
      status: 'in_progress',
      priority: 'low',
      labels: ['frontend'],
      dueDate: '2026-12-20',
    });
    await make('Flaky login test', { status: 'todo', priority: 'urgent', type: 'bug', assignee: { type: 'user', id: member.user.id }, labels: ['backend'] });
    await make('Child of webhooks', { parentId: tasks['Webhook retries with backoff'].id, status: 'backlog', reporterId: member.user.id });
  });
  afterAll(() => t.close());

  it('filters on status (several), priority, type, label, assignee, reporter, parent and top level', async () => {
    expect((await titles('status=todo,in_progress')).sort()).toEqual(['Dashboard colours', 'Flaky login test', 'Webhook retries with backoff']);
    expect(await titles('status=todo&status=backlog&priority=urgent')).toEqual(['Flaky login test']);
    expect(await titles('type=bug')).toEqual(['Flaky login test']);
    expect((await titles('label=backend')).sort()).toEqual(['Flaky login test', 'Webhook retries with backoff']);
    expect(await titles('label=backend,webhooks')).toEqual(['Webhook retries with backoff']);
    expect(await titles(`assigneeId=${member.user.id}`)).toEqual(['Flaky login test']);
    expect((await titles('assigneeType=none')).length).toBe(3);
    expect(await titles(`reporterId=${member.user.id}`)).toEqual(['Child of webhooks']);
    expect(await titles(`parentId=${tasks['Webhook retries with backoff'].id}`)).toEqual(['Child of webhooks']);
    expect((await titles('topLevel=true')).length).toBe(3);
  });

  it('filters on due dates and update time', async () => {
    expect(await titles('dueBefore=2026-12-10')).toEqual(['Webhook retries with backoff']);
    expect(await titles('dueAfter=2026-12-10')).toEqual(['Dashboard colours']);
    expect(await titles('dueAfter=2026-12-01&dueBefore=2026-12-01')).toEqual(['Webhook retries with backoff']);
    const since = new Date(Date.now() + 60_000).toISOString();
    expect(await titles(`updatedSince=${since}`)).toEqual([]);
  });

  it('ranks full-text matches, title above description, with stemming', async () => {
    const found = await titles('q=webhooks');
    expect(found.slice(0, 2).sort()).toEqual(['Child of webhooks', 'Webhook retries with backoff']);
    expect(found[2]).toBe('Dashboard colours'); // only in the description: ranked below title matches
    expect(found).toHaveLength(3);
    expect(await titles('q=retrying')).toEqual(['Webhook retries with backoff']);
    expect(await titles('q=' + encodeURIComponent('"login test"'))).toEqual(['Flaky login test']);
    expect((await titles('q=webhook%20-colours')).sort()).toEqual(['Child of webhooks', 'Webhook retries with backoff']);
    const page1 = await t.get(`/v1/tasks?projectId=${projectId}&q=webhook&limit=1`, as());
    const page2 = await t.get(`/v1/tasks?projectId=${projectId}&q=webhook&limit=5&cursor=${page1.body.nextCursor}`, as());
    expect([...page1.body.items, ...page2.body.items].map((x: any) => x.title)).toEqual(found);
  });

  it.each(["'; drop table tasks; --", 'a & b | !c:* <-> (d', '"unterminated', '\\\\ %_ $1 :: ::text', '!!!', '<script>alert(1)</script>', '日本語 テスト'])(
    'treats %s as plain text, never a 500',
    async (q) => {
      const response = await t.get(`/v1/tasks?projectId=${projectId}&q=${encodeURIComponent(q)}`, as());
      expect(response.status).toBe(200);
      expect(Array.isArray(response.body.items)).toBe(true);
    },
  );

  it('sorts on priority, created, updated and due date with stable keyset pages', async () => {
    expect(await titles('sort=priority&topLevel=true')).toEqual(['Flaky login test', 'Webhook retries with backoff', 'Dashboard colours']);
    expect(await titles('sort=-priority&topLevel=true')).toEqual(['Dashboard colours', 'Webhook retries with backoff', 'Flaky login test']);
    expect((await titles('sort=due')).slice(0, 2)).toEqual(['Webhook retries with backoff', 'Dashboard colours']);
    expect((await titles('sort=-due')).slice(-2)).toEqual(['Dashboard colours', 'Webhook retries with backoff']);
    expect(await titles('sort=created')).toEqual(['Webhook retries with backoff', 'Dashboard colours', 'Flaky login test', 'Child of webhooks']);
    expect(await titles('sort=-created')).toEqual(['Child of webhooks', 'Flaky login test', 'Dashboard colours', 'Webhook retries with backoff']);
    await t.patch(`/v1/tasks/${tasks['Dashboard colours'].id}`, { version: 1, priority: 'medium' }, as());
    expect((await titles('sort=-updated'))[0]).toBe('Dashboard colours');

    for (const sort of ['created', '-created', 'updated', '-updated', 'priority', '-priority', 'due', '-due']) {
      const all = await titles(`sort=${sort}&limit=100`);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const response: any = await t.get(`/v1/tasks?projectId=${projectId}&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, as());
        paged.push(...response.body.items.map((x: any) => x.title));
        cursor = response.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    }
  });

  it('lists deleted tasks only when asked', async () => {
    const gone = await createTask(t, owner, projectId, { title: 'Gone soon' });
    await t.delete(`/v1/tasks/${gone.id}`, as());
    expect(await titles('q=gone')).toEqual([]);
    expect(await titles('deleted=only')).toEqual(['Gone soon']);
    expect(await titles('deleted=include&q=gone')).toEqual(['Gone soon']);
  });
});
