import { DataSource } from 'typeorm';
import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('tasks: tenant isolation', () => {
  let t: TestApp;
  let alice: Session;
  let mallory: Session;
  let aliceProject: string;
  let malloryProject: string;
  let task: any;
  let child: any;
  let workflow: any;
  const asAlice = () => ({ token: alice.accessToken });
  const asMallory = () => ({ token: mallory.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    alice = await t.signup();
    mallory = await t.signup();
    aliceProject = await createProject(t, alice);
    malloryProject = await createProject(t, mallory);
    workflow = (await t.post('/v1/workflows', { projectId: aliceProject, name: 'W', phases: [{ name: 'P' }] }, asAlice())).body;
    task = await createTask(t, alice, aliceProject, { title: 'secret plan', status: 'todo', phaseId: workflow.phases[0].id });
    child = await createTask(t, alice, aliceProject, { parentId: task.id });
  });
  afterAll(() => t.close());

  it('hides every task route of another organization behind 404', async () => {
    const id = task.id;
    const reads = [
      `/v1/tasks/${id}`,
      `/v1/tasks/${id}/history`,
      `/v1/tasks/${id}/ancestors`,
      `/v1/tasks/${id}/descendants`,
      `/v1/tasks/${id}/progress`,
      `/v1/tasks/${id}/relations`,
    ];
    for (const url of reads) expect((await t.get(url, asMallory())).status).toBe(404);
    expect((await t.patch(`/v1/tasks/${id}`, { version: 1, title: 'pwned' }, asMallory())).status).toBe(404);
    expect((await t.post(`/v1/tasks/${id}/move`, { parentId: null }, asMallory())).status).toBe(404);
    expect((await t.delete(`/v1/tasks/${id}`, asMallory())).status).toBe(404);
    expect((await t.post(`/v1/tasks/${id}/restore`, undefined, asMallory())).status).toBe(404);
    expect((await t.post(`/v1/tasks/${id}/release`, { outcome: 'released' }, asMallory())).status).toBe(404);
    expect((await t.get(`/v1/workflows/${workflow.id}`, asMallory())).status).toBe(404);
    expect((await t.patch(`/v1/workflows/${workflow.id}`, { version: 1, name: 'x' }, asMallory())).status).toBe(404);
    expect((await t.delete(`/v1/workflows/${workflow.id}`, asMallory())).status).toBe(404);
    const bulk = await t.patch('/v1/tasks/bulk', { items: [{ id, status: 'in_progress' }] }, asMallory());
    expect(bulk.status).toBe(422);
    expect(bulk.body.items[0].code).toBe('TASKS.TASK_NOT_FOUND');
    const unchanged = await t.get(`/v1/tasks/${id}`, asAlice());
    expect(unchanged.body).toMatchObject({ title: 'secret plan', version: 1, deletedAt: null });
  });

  it('never lists, searches, queues or hands out another organization’s tasks', async () => {
    expect((await t.get('/v1/tasks?q=secret', asMallory())).body.items).toEqual([]);
    expect((await t.get(`/v1/tasks?projectId=${aliceProject}`, asMallory())).body.items).toEqual([]);
    expect((await t.get(`/v1/tasks/ready?projectId=${aliceProject}`, asMallory())).body.items).toEqual([]);
    expect((await t.get('/v1/workflows', asMallory())).body.items).toEqual([]);
    const claim = await t.post('/v1/tasks/claim', { projectId: aliceProject }, asMallory());
    expect(claim.body).toEqual({ task: null });
    expect((await t.get(`/v1/tasks?q=secret`, asAlice())).body.items).toHaveLength(1);
  });

  it('refuses references into another organization with 404: project, parent, relation, workflow, phase, assignee', async () => {
    const intoProject = await t.post('/v1/tasks', { projectId: aliceProject, title: 'x' }, asMallory());
    expect(intoProject.status).toBe(404);
    expect(intoProject.body.code).toBe('PROJECTS.PROJECT_NOT_FOUND');
    const underParent = await t.post('/v1/tasks', { projectId: malloryProject, title: 'x', parentId: task.id }, asMallory());
    expect(underParent.status).toBe(404);
    expect(underParent.body.code).toBe('TASKS.PARENT_NOT_FOUND');
    const own = await createTask(t, mallory, malloryProject);
    expect((await t.post(`/v1/tasks/${own.id}/move`, { parentId: task.id }, asMallory())).status).toBe(404);
    const relation = await t.post(`/v1/tasks/${own.id}/relations`, { type: 'blocks', taskId: task.id }, asMallory());
    expect(relation.status).toBe(404);
    const intoWorkflow = await t.patch(`/v1/tasks/${own.id}`, { version: 1, workflowId: workflow.id }, asMallory());
    expect(intoWorkflow.status).toBe(404);
    const intoPhase = await t.patch(`/v1/tasks/${own.id}`, { version: 1, phaseId: workflow.phases[0].id }, asMallory());
    expect(intoPhase.status).toBe(404);
    const assignAlice = await t.patch(`/v1/tasks/${own.id}`, { version: 1, assignee: { type: 'user', id: alice.user.id } }, asMallory());
    expect(assignAlice.status).toBe(422);
    expect(assignAlice.body.code).toBe('TASKS.NOT_A_MEMBER');
    const bulkUnder = await t.post('/v1/tasks/bulk', { tasks: [{ projectId: malloryProject, title: 'x', parentId: child.id }] }, asMallory());
    expect(bulkUnder.body.items[0].code).toBe('TASKS.PARENT_NOT_FOUND');
    expect((await t.get(`/v1/tasks/${own.id}/relations`, asMallory())).body.items).toEqual([]);
  });

  it('is enforced by row-level security underneath: the runtime role sees no task without the tenant', async () => {
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`select set_config('role', 'switchyard_app', true), set_config('app.current_org_id', $1, true)`, [mallory.organization.id]);
      const seen = await runner.query('select id::text from tasks where id = $1 union all select id::text from task_history where task_id = $1', [task.id]);
      expect(seen).toEqual([]);
      await expect(
        runner.query(`insert into task_relations (organization_id, type, source_id, target_id, created_by_type) values ($1, 'blocks', $2, $3, 'system')`, [
          alice.organization.id,
          task.id,
          child.id,
        ]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
