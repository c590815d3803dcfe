import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: relations', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  const as = () => ({ token: owner.accessToken });
  const relate = (from: string, type: string, to: string) => t.post(`/v1/tasks/${from}/relations`, { type, taskId: to }, as());

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    projectId = await createProject(t, owner);
  });
  afterAll(() => t.close());

  it('stores blocks once and shows blocked_by from the other side', async () => {
    const a = await createTask(t, owner, projectId, { title: 'A' });
    const b = await createTask(t, owner, projectId, { title: 'B' });
    const created = await relate(a.id, 'blocks', b.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'blocks', task: { id: b.id, title: 'B', status: 'backlog' } });
    const fromB = await t.get(`/v1/tasks/${b.id}/relations`, as());
    expect(fromB.body.items).toEqual([expect.objectContaining({ id: created.body.id, type: 'blocked_by', task: expect.objectContaining({ id: a.id }) })]);
    const stored = await t.sql('select source_id, target_id, type from task_relations where id = $1', [created.body.id]);
    expect(stored).toEqual([{ source_id: a.id, target_id: b.id, type: 'blocks' }]);

    const inverse = await relate(b.id, 'blocked_by', a.id);
    expect(inverse.status).toBe(409);
    expect(inverse.body.code).toBe('TASKS.DUPLICATE_RELATION');
    const reverse = await relate(b.id, 'blocks', a.id);
    expect(reverse.status).toBe(409);
    expect(reverse.body).toMatchObject({ code: 'TASKS.DEPENDENCY_CYCLE', cycle: [b.id, a.id, b.id] });
  });

  it('adds relates_to and duplicates, refuses self-relations and duplicates in either direction', async () => {
    const a = await createTask(t, owner, projectId);
    const b = await createTask(t, owner, projectId);
    expect((await relate(a.id, 'relates_to', b.id)).status).toBe(201);
    expect((await relate(b.id, 'relates_to', a.id)).body.code).toBe('TASKS.DUPLICATE_RELATION');
    const dup = await relate(b.id, 'duplicated_by', a.id);
    expect(dup.status).toBe(201);
    expect(dup.body.type).toBe('duplicated_by');
    const fromA = await t.get(`/v1/tasks/${a.id}/relations`, as());
    expect(fromA.body.items.map((r: any) => r.type).sort()).toEqual(['duplicates', 'relates_to']);
    const self = await relate(a.id, 'blocks', a.id);
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('TASKS.SELF_RELATION');
    const unknown = await relate(a.id, 'blocks', '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('refuses a blocks edge that would close a longer cycle, naming the path', async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createTask(t, owner, projectId)));
    expect((await relate(a.id, 'blocks', b.id)).status).toBe(201);
    expect((await relate(b.id, 'blocks', c.id)).status).toBe(201);
    expect((await relate(c.id, 'blocks', d.id)).status).toBe(201);
    expect((await relate(a.id, 'blocks', d.id)).status).toBe(201); // a diamond is fine
    const closing = await relate(d.id, 'blocks', a.id);
    expect(closing.status).toBe(409);
    expect(closing.body.code).toBe('TASKS.DEPENDENCY_CYCLE');
    expect(closing.body.cycle).toEqual([d.id, a.id, d.id]);
    const viaInverse = await relate(a.id, 'blocked_by', c.id);
    expect(viaInverse.body.cycle).toEqual([c.id, a.id, b.id, c.id]);
  });

  it('lets exactly one of two concurrent opposite blocks win', async () => {
    for (let round = 0; round < 3; round += 1) {
      const a = await createTask(t, owner, projectId);
      const b = await createTask(t, owner, projectId);
      const [ab, ba] = await Promise.all([relate(a.id, 'blocks', b.id), relate(b.id, 'blocks', a.id)]);
      expect([ab.status, ba.status].sort()).toEqual([201, 409]);
      const loser = ab.status === 409 ? ab : ba;
      expect(loser.body.code).toBe('TASKS.DEPENDENCY_CYCLE');
      expect(loser.body.cycle).toHaveLength(3);
      const [{ n }] = await t.sql(`select count(*)::int as n from task_relations where type = 'blocks' and source_id = any($1::uuid[])`, [[a.id, b.id]]);
      expect(n).toBe(1);
    }
  });

  it('lets exactly one edge of a concurrent three-task loop be refused', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createTask(t, owner, projectId)));
    const results = await Promise.all([relate(a.id, 'blocks', b.id), relate(b.id, 'blocks', c.id), relate(c.id, 'blocks', a.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409]);
  });

  it('removes a relation, and only through one of its tasks', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createTask(t, owner, projectId)));
    const rel = await relate(a.id, 'blocks', b.id);
    expect((await t.delete(`/v1/tasks/${c.id}/relations/${rel.body.id}`, as())).status).toBe(404);
    expect((await t.delete(`/v1/tasks/${b.id}/relations/${rel.body.id}`, as())).status).toBe(204);
    expect((await t.get(`/v1/tasks/${a.id}/relations`, as())).body.items).toEqual([]);
    const history = await t.get(`/v1/tasks/${a.id}/history?field=relation`, as());
    expect(history.body.items.map((h: any) => [h.oldValue?.type ?? null, h.newValue?.type ?? null])).toEqual([
      ['blocks', null],
      [null, 'blocks'],
    ]);
  });

  it('relates tasks of different projects of the organization', async () => {
    const a = await createTask(t, owner, projectId);
    const b = await createTask(t, owner, await createProject(t, owner));
    expect((await relate(a.id, 'blocks', b.id)).status).toBe(201);
  });
});
