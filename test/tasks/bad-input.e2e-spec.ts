import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: bad input answers 4xx problem documents', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  let task: any;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    projectId = await createProject(t, owner);
    task = await createTask(t, owner, projectId);
  });
  afterAll(() => t.close());

  const fields = (body: any) => (body.errors ?? []).map((e: any) => e.field);

  it.each([
    [{ projectId: undefined, title: 'x' }, 'projectId'],
    [{ projectId: 'not-a-uuid', title: 'x' }, 'projectId'],
    [{ title: '' }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x'.repeat(501) }, 'title'],
    [{ title: 'x', status: 'open' }, 'status'],
    [{ title: 'x', priority: 'p0' }, 'priority'],
    [{ title: 'x', type: 'feature' }, 'type'],
    [{ title: 'x', assignee: { type: 'robot', id: '00000000-0000-4000-8000-000000000000' } }, 'assignee.type'],
    [{ title: 'x', labels: 'backend' }, 'labels'],
    [{ title: 'x', labels: ['a,b'] }, 'labels'],
    [{ title: 'x', labels: Array.from({ length: 51 }, (_, i) => `l${i}`) }, 'labels'],
    [{ title: 'x', estimate: -1 }, 'estimate'],
    [{ title: 'x', estimate: '3' }, 'estimate'],
    [{ title: 'x', dueDate: '2026-02-30' }, 'dueDate'],
    [{ title: 'x', dueDate: '15/12/2026' }, 'dueDate'],
    [{ title: 'x', maxRetries: 1000 }, 'maxRetries'],
    [{ title: 'x', metadata: [] }, 'metadata'],
    [{ title: 'x', metadata: { blob: 'x'.repeat(20_000) } }, 'metadata'],
    [{ title: 'x', organizationId: '00000000-0000-4000-8000-000000000000' }, 'organizationId'],
    [{ title: 'x', version: 3 }, 'version'],
  ])('refuses %j on create (400 naming %s)', async (body, field) => {
    const response = await t.post('/v1/tasks', { projectId, ...body }, as());
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(response.body)).toContain(field);
  });

  it('refuses malformed JSON, wrong media type and bad ids', async () => {
    expect((await t.post('/v1/tasks', '{"title": ', { ...as(), headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await t.post('/v1/tasks', 'title=x', { ...as(), headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const badId = await t.get('/v1/tasks/123', as());
    expect(badId.status).toBe(400);
    expect(fields(badId.body)).toEqual(['id']);
    expect((await t.get('/v1/tasks/00000000-0000-4000-8000-000000000000', as())).status).toBe(404);
    const badRelation = await t.delete(`/v1/tasks/${task.id}/relations/nope`, as());
    expect(badRelation.status).toBe(400);
  });

  it('says a missing version is required (not a range error)', async () => {
    const response = await t.patch(`/v1/tasks/${task.id}`, { title: 'y' }, as());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(response.body.errors).toEqual([{ field: 'version', message: 'version is required' }]);
    const zero = await t.patch(`/v1/tasks/${task.id}`, { title: 'y', version: 0 }, as());
    expect(zero.body.errors).toEqual([{ field: 'version', message: 'version must not be less than 1' }]);
  });

  it('refuses an update without version, and unknown or immutable fields', async () => {
    expect(fields((await t.patch(`/v1/tasks/${task.id}`, { title: 'y' }, as())).body)).toContain('version');
    expect(fields((await t.patch(`/v1/tasks/${task.id}`, { version: 1, projectId }, as())).body)).toContain('projectId');
    expect(fields((await t.patch(`/v1/tasks/${task.id}`, { version: 1, retryCount: 0 }, as())).body)).toContain('retryCount');
    expect(fields((await t.patch(`/v1/tasks/${task.id}`, { version: 0 }, as())).body)).toContain('version');
  });

  it('refuses bad query parameters and cursors', async () => {
    for (const query of [
      'status=open',
      'sort=title',
      'limit=0',
      'limit=101',
      'topLevel=yes',
      'dueBefore=tomorrow',
      'updatedSince=never',
      'assigneeId=x',
      'deleted=all',
      `q=${'x'.repeat(501)}`,
    ]) {
      const response = await t.get(`/v1/tasks?${query}`, as());
      expect([query, response.status]).toEqual([query, 400]);
    }
    const cursor = await t.get('/v1/tasks?cursor=garbage', as());
    expect(cursor.status).toBe(400);
    expect(fields(cursor.body)).toEqual(['cursor']);
    const wrongArity = Buffer.from(JSON.stringify(['2026-01-01'])).toString('base64url');
    expect((await t.get(`/v1/tasks?cursor=${wrongArity}`, as())).status).toBe(400);
    const wrongType = Buffer.from(JSON.stringify(['not a date', 'not a uuid'])).toString('base64url');
    expect((await t.get(`/v1/tasks?cursor=${wrongType}`, as())).status).toBe(400);
    expect((await t.get(`/v1/tasks/${task.id}/descendants?limit=10001`, as())).status).toBe(400);
    for (const tampered of [
      ['zz', 0, task.id],
      ['ab'.repeat(16), 'x', task.id],
      ['ab'.repeat(16), 1, 'not a uuid'],
      [null, 1, task.id],
    ]) {
      const forged = Buffer.from(JSON.stringify(tampered)).toString('base64url');
      const response = await t.get(`/v1/tasks/${task.id}/descendants?cursor=${forged}`, as());
      expect([tampered, response.status]).toEqual([tampered, 400]);
    }
    expect((await t.get(`/v1/tasks/ready?status=done`, as())).status).toBe(400);
  });

  it('refuses bad relation, move, claim and release bodies', async () => {
    expect((await t.post(`/v1/tasks/${task.id}/relations`, { type: 'parent_of', taskId: task.id }, as())).status).toBe(400);
    expect((await t.post(`/v1/tasks/${task.id}/move`, {}, as())).status).toBe(400);
    expect((await t.post(`/v1/tasks/${task.id}/move`, { parentId: 'root' }, as())).status).toBe(400);
    expect((await t.post('/v1/tasks/claim', { labels: 'x' }, as())).status).toBe(400);
    expect((await t.post(`/v1/tasks/${task.id}/release`, { outcome: 'done' }, as())).status).toBe(400);
    expect((await t.post('/v1/tasks/bulk', { tasks: [{ title: 'no project' }] }, as())).body.errors[0].field).toMatch(/^tasks\.0\./);
  });
});
