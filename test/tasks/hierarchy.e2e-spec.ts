import { DataSource } from 'typeorm';
import { PLATFORM_OPERATOR, Session, TestApp } from '../support/test-app';
import { createProject, createTask, insertChain } from './support';

describe('tasks: hierarchy', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start(process.env.TASKS_DEBUG ? { LOG_LEVEL: 'warn' } : {});
    owner = await t.signup();
    projectId = await createProject(t, owner);
  });
  afterAll(() => t.close());

  /** Polls a condition of another connection's state (there is no event to wait for). */
  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('condition not reached in 5 s');
  }

  /** Tasks of the organization whose depth or tree path differs from what parent_id says (task_tree_rebuild repairs and counts them). */
  async function staleTreePaths(): Promise<number> {
    const [row] = await t.app.get(DataSource).query(`select task_tree_rebuild($1) as n`, [owner.organization.id]);
    return Number(row.n);
  }

  /** root → a → a1, a2; root → b → b1 → b11 */
  async function tree() {
    const root = await createTask(t, owner, projectId, { title: 'root', type: 'epic' });
    const a = await createTask(t, owner, projectId, { title: 'a', parentId: root.id, type: 'story', estimate: 5 });
    const b = await createTask(t, owner, projectId, { title: 'b', parentId: root.id, type: 'story' });
    const a1 = await createTask(t, owner, projectId, { title: 'a1', parentId: a.id, status: 'todo', estimate: 2 });
    const a2 = await createTask(t, owner, projectId, { title: 'a2', parentId: a.id, status: 'todo', estimate: 3 });
    const b1 = await createTask(t, owner, projectId, { title: 'b1', parentId: b.id });
    const b11 = await createTask(t, owner, projectId, { title: 'b11', parentId: b1.id, type: 'subtask' });
    return { root, a, b, a1, a2, b1, b11 };
  }

  it('lists descendants in tree order with depth, filtered and paginated', async () => {
    const { root, a, b, a1, a2, b1, b11 } = await tree();
    const all = await t.get(`/v1/tasks/${root.id}/descendants`, as());
    expect(all.status).toBe(200);
    const byId = new Map(all.body.items.map((n: any) => [n.id, n]));
    expect(all.body.items).toHaveLength(6);
    expect(byId.get(a.id)).toMatchObject({ depth: 1, parentId: root.id, title: 'a' });
    expect(byId.get(b11.id)).toMatchObject({ depth: 3, parentId: b1.id, type: 'subtask' });
    // Depth first: each task right after its parent, siblings by id.
    const byIdOrder = (...tasks: Array<{ id: string }>) => tasks.sort((x, y) => (x.id < y.id ? -1 : 1));
    const preorder = byIdOrder(a, b).flatMap((child) => (child === a ? [a, ...byIdOrder(a1, a2)] : [b, b1, b11]));
    expect(all.body.items.map((n: any) => n.title)).toEqual(preorder.map((n) => n.title));

    const shallow = await t.get(`/v1/tasks/${root.id}/descendants?maxDepth=1`, as());
    expect(shallow.body.items.map((n: any) => n.id).sort()).toEqual([a.id, b.id].sort());
    const subtasks = await t.get(`/v1/tasks/${root.id}/descendants?type=subtask`, as());
    expect(subtasks.body.items.map((n: any) => n.id)).toEqual([b11.id]);

    const first = await t.get(`/v1/tasks/${root.id}/descendants?limit=4`, as());
    expect(first.body.items).toHaveLength(4);
    const rest = await t.get(`/v1/tasks/${root.id}/descendants?limit=4&cursor=${first.body.nextCursor}`, as());
    expect(rest.body.nextCursor).toBeNull();
    expect([...first.body.items, ...rest.body.items].map((n: any) => n.id)).toEqual(all.body.items.map((n: any) => n.id));
    expect(new Set([a1.id, a2.id, b1.id]).size).toBe(3);
  });

  it('answers only the fields asked for (id, parentId and depth always), paginated the same way', async () => {
    const { root, a, b11 } = await tree();
    const lean = await t.get(`/v1/tasks/${root.id}/descendants?fields=status`, as());
    expect(lean.status).toBe(200);
    expect(lean.body.items).toHaveLength(6);
    for (const node of lean.body.items) expect(Object.keys(node).sort()).toEqual(['depth', 'id', 'parentId', 'status']);
    expect(lean.body.items.find((n: any) => n.id === a.id)).toEqual({ id: a.id, parentId: root.id, depth: 1, status: a.status });
    const full = await t.get(`/v1/tasks/${root.id}/descendants`, as());
    expect(lean.body.items.map((n: any) => n.id)).toEqual(full.body.items.map((n: any) => n.id));

    const two = await t.get(`/v1/tasks/${root.id}/descendants?fields=assignee,labels&limit=4`, as());
    expect(Object.keys(two.body.items[0]).sort()).toEqual(['assignee', 'depth', 'id', 'labels', 'parentId']);
    const rest = await t.get(`/v1/tasks/${root.id}/descendants?fields=assignee,labels&limit=4&cursor=${two.body.nextCursor}`, as());
    expect([...two.body.items, ...rest.body.items].map((n: any) => n.id)).toEqual(full.body.items.map((n: any) => n.id));
    expect([...two.body.items, ...rest.body.items].find((n: any) => n.id === b11.id)).toMatchObject({ labels: [], assignee: null });

    const unknown = await t.get(`/v1/tasks/${root.id}/descendants?fields=secret`, as());
    expect([unknown.status, unknown.body.code]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
  });

  it('returns the path to the root, nearest first', async () => {
    const { root, b, b1, b11 } = await tree();
    const path = await t.get(`/v1/tasks/${b11.id}/ancestors`, as());
    expect(path.status).toBe(200);
    expect(path.body.items.map((n: any) => [n.id, n.depth])).toEqual([
      [b1.id, 1],
      [b.id, 2],
      [root.id, 3],
    ]);
    expect(path.body.truncated).toBe(false);
    const short = await t.get(`/v1/tasks/${b11.id}/ancestors?limit=2`, as());
    expect(short.body).toMatchObject({ truncated: true });
    expect(short.body.items).toHaveLength(2);
    expect((await t.get(`/v1/tasks/${root.id}/ancestors`, as())).body.items).toEqual([]);
  });

  it('moves a subtree, refuses moves under itself with the cycle path, and across projects', async () => {
    const { root, a, b, a1, b11 } = await tree();
    const a1Before = (await t.get(`/v1/tasks/${a1.id}`, as())).body;
    const moved = await t.post(`/v1/tasks/${a.id}/move`, { parentId: b11.id }, as());
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(b11.id);
    const path = await t.get(`/v1/tasks/${a1.id}/ancestors`, as());
    expect(path.body.items.map((n: any) => n.title)).toEqual(['a', 'b11', 'b1', 'b', 'root']);
    // The moved subtree is read from its new place, at its new depth, and no longer from the old one.
    const underB = await t.get(`/v1/tasks/${b.id}/descendants`, as());
    expect(underB.body.items.map((n: any) => [n.title, n.depth])).toEqual(
      expect.arrayContaining([
        ['a', 3],
        ['a1', 4],
        ['a2', 4],
      ]),
    );
    expect(underB.body.items.map((n: any) => n.title).slice(0, 3)).toEqual(['b1', 'b11', 'a']);
    const underRoot = await t.get(`/v1/tasks/${root.id}/descendants`, as());
    expect(underRoot.body.items.map((n: any) => n.title)).toEqual(['b', 'b1', 'b11', 'a', ...underB.body.items.slice(3).map((n: any) => n.title)]);
    expect(await staleTreePaths()).toBe(0);
    // Rewriting the paths below a moved task is bookkeeping: those tasks are not "updated".
    const a1After = (await t.get(`/v1/tasks/${a1.id}`, as())).body;
    expect([a1After.updatedAt, a1After.version]).toEqual([a1Before.updatedAt, a1Before.version]);

    const cycle = await t.post(`/v1/tasks/${b.id}/move`, { parentId: a1.id }, as());
    expect(cycle.status).toBe(409);
    expect(cycle.body.code).toBe('TASKS.HIERARCHY_CYCLE');
    expect(cycle.body.cycle[0]).toBe(b.id);
    expect(cycle.body.cycle.at(-1)).toBe(b.id);
    expect(cycle.body.cycle.at(-2)).toBe(a1.id);
    const self = await t.post(`/v1/tasks/${b.id}/move`, { parentId: b.id }, as());
    expect(self.body.code).toBe('TASKS.HIERARCHY_CYCLE');
    const viaPatch = await t.patch(`/v1/tasks/${root.id}`, { version: 1, parentId: b11.id }, as());
    expect(viaPatch.status).toBe(409);
    expect(viaPatch.body.code).toBe('TASKS.HIERARCHY_CYCLE');

    const elsewhere = await createTask(t, owner, await createProject(t, owner));
    const crossProject = await t.post(`/v1/tasks/${a.id}/move`, { parentId: elsewhere.id }, as());
    expect(crossProject.status).toBe(404);
    expect(crossProject.body.code).toBe('TASKS.PARENT_NOT_FOUND');
    const createdAcross = await t.post('/v1/tasks', { projectId, title: 'x', parentId: elsewhere.id }, as());
    expect(createdAcross.status).toBe(404);

    const toRoot = await t.post(`/v1/tasks/${a.id}/move`, { parentId: null, version: moved.body.version }, as());
    expect(toRoot.status).toBe(200);
    expect(toRoot.body.parentId).toBeNull();
    const stale = await t.post(`/v1/tasks/${a.id}/move`, { parentId: root.id, version: 1 }, as());
    expect(stale.body.code).toBe('COMMON.STALE_VERSION');
    const history = await t.get(`/v1/tasks/${a.id}/history?field=parentId`, as());
    expect(history.body.items.map((h: any) => h.newValue)).toEqual([null, b11.id, root.id]);
  });

  it('lets exactly one of two racing moves win when together they would make a cycle', async () => {
    const x = await createTask(t, owner, projectId, { title: 'x' });
    const y = await createTask(t, owner, projectId, { title: 'y' });
    const [first, second] = await Promise.all([
      t.post(`/v1/tasks/${x.id}/move`, { parentId: y.id }, as()),
      t.post(`/v1/tasks/${y.id}/move`, { parentId: x.id }, as()),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.code).toBe('TASKS.HIERARCHY_CYCLE');
    const [rx, ry] = await Promise.all([t.get(`/v1/tasks/${x.id}`, as()), t.get(`/v1/tasks/${y.id}`, as())]);
    expect([rx.body.parentId, ry.body.parentId].filter(Boolean)).toHaveLength(1);
  });

  it('keeps tree paths right when a task is created under a subtree that is being moved', async () => {
    // Two real connections: the embedded database has one.
    if (t.isEmbedded) return;
    const { a, b, a1 } = await tree();
    const mover = t.app.get(DataSource).createQueryRunner();
    const creator = t.app.get(DataSource).createQueryRunner();
    try {
      await mover.startTransaction();
      await mover.query('update tasks set parent_id = $1 where organization_id = $2 and id = $3', [b.id, owner.organization.id, a.id]);
      await creator.startTransaction();
      const [{ pid }] = await creator.query('select pg_backend_pid() as pid');
      const created = creator.query(
        `insert into tasks (organization_id, id, project_id, number, parent_id, title) values ($1, gen_random_uuid(), $2, 100000, $3, 'under a moving parent')`,
        [owner.organization.id, projectId, a1.id],
      );
      // The insert waits for the move (the hierarchy lock, shared against exclusive)...
      await until(async () => (await mover.query(`select wait_event_type from pg_stat_activity where pid = $1`, [pid]))[0]?.wait_event_type === 'Lock');
      await mover.commitTransaction();
      // ...and then derives its path from the parent's new one.
      await created;
      await creator.commitTransaction();
    } finally {
      await mover.release();
      await creator.release();
    }
    const underB = await t.get(`/v1/tasks/${b.id}/descendants`, as());
    expect(underB.body.items.map((n: any) => n.title)).toContain('under a moving parent');
    expect(await staleTreePaths()).toBe(0);
  });

  it('rolls progress up from children and from the subtree leaves, estimate-weighted', async () => {
    const { root, a, a1, a2, b11 } = await tree();
    await t.patch(`/v1/tasks/${a1.id}`, { version: 1, status: 'in_progress' }, as());
    await t.patch(`/v1/tasks/${a1.id}`, { version: 2, status: 'done' }, as());
    await t.patch(`/v1/tasks/${b11.id}`, { version: 1, status: 'cancelled' }, as());
    const ofA = await t.get(`/v1/tasks/${a.id}/progress`, as());
    expect(ofA.status).toBe(200);
    expect(ofA.body.children).toMatchObject({ total: 2, ratio: 0.5, estimateTotal: 5, estimateDone: 2, weightedRatio: 0.4 });
    expect(ofA.body.children.byStatus).toMatchObject({ done: 1, todo: 1 });
    const ofRoot = await t.get(`/v1/tasks/${root.id}/progress`, as());
    expect(ofRoot.body.descendants).toBe(6);
    expect(ofRoot.body.children.total).toBe(2);
    // leaves: a1 (done, 2), a2 (todo, 3), b11 (cancelled): 1 of 2 counted, 2 of 5 estimate
    expect(ofRoot.body.leaves).toMatchObject({ total: 3, ratio: 0.5, estimateTotal: 5, estimateDone: 2 });
    expect(a2.status).toBe('todo');
  });

  it('survives a 10,000-level chain: ancestors, descendants, cycle check, progress and delete', async () => {
    const { ids } = await insertChain(t, owner, 10_000);
    const [root, deepest] = [ids[0], ids[ids.length - 1]];
    // 10,000 rows appeared at once; the statistics job (scheduled in production) catches up,
    // as autovacuum would on a server.
    const job = await t.post('/v1/admin/jobs/task-statistics/run', undefined, PLATFORM_OPERATOR);
    expect(job.status).toBe(200);
    expect(job.body.result.analyzed).toContain('tasks');

    const ancestors = await t.get(`/v1/tasks/${deepest}/ancestors?limit=10000`, as());
    expect(ancestors.status).toBe(200);
    expect(ancestors.body.items).toHaveLength(9_999);
    expect(ancestors.body.items.at(-1)).toMatchObject({ id: root, depth: 9_999 });

    const descendants = await t.get(`/v1/tasks/${root}/descendants?limit=10000`, as());
    expect(descendants.status).toBe(200);
    expect(descendants.body.items).toHaveLength(9_999);
    expect(descendants.body.items.at(-1)).toMatchObject({ id: deepest, depth: 9_999 });
    // Below 16 levels the tree path is shared, and the subtree is walked: same answers, paged.
    const deep = ids[20];
    const firstPage = await t.get(`/v1/tasks/${deep}/descendants?limit=5000`, as());
    expect(firstPage.body.items.map((n: any) => n.id)).toEqual(ids.slice(21, 5021));
    expect(firstPage.body.items[0]).toMatchObject({ depth: 1, parentId: deep });
    const secondPage = await t.get(`/v1/tasks/${deep}/descendants?limit=5000&cursor=${firstPage.body.nextCursor}`, as());
    expect(secondPage.body.items.map((n: any) => n.id)).toEqual(ids.slice(5021));
    expect(secondPage.body.nextCursor).toBeNull();
    // The walk answers only the fields asked for too.
    const leanWalk = await t.get(`/v1/tasks/${deep}/descendants?limit=3&fields=status`, as());
    expect(leanWalk.body.items).toEqual(ids.slice(21, 24).map((id, i) => ({ id, parentId: ids[20 + i], depth: i + 1, status: 'todo' })));
    const nearTop = await t.get(`/v1/tasks/${ids[3]}/descendants?limit=20&maxDepth=20`, as());
    expect(nearTop.body.items.map((n: any) => n.id)).toEqual(ids.slice(4, 24));

    const cycle = await t.post(`/v1/tasks/${root}/move`, { parentId: deepest }, as());
    expect(cycle.status).toBe(409);
    expect(cycle.body.cycle).toHaveLength(10_001);

    const progress = await t.get(`/v1/tasks/${root}/progress`, as());
    expect(progress.body).toMatchObject({ descendants: 9_999, leaves: { total: 1 }, children: { total: 1 } });
    const deepProgress = await t.get(`/v1/tasks/${ids[20]}/progress`, as());
    expect(deepProgress.body).toMatchObject({ descendants: 9_979, leaves: { total: 1 }, children: { total: 1 } });

    const removed = await t.delete(`/v1/tasks/${root}`, as());
    expect(removed.status).toBe(200);
    expect(removed.body.deletedCount).toBe(10_000);
  });
});
