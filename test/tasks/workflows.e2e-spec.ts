import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from './support';

describe('workflows', () => {
  let t: TestApp;
  let owner: Session;
  let projectId: string;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await t.signup();
    projectId = await createProject(t, owner);
  });
  afterAll(() => t.close());

  async function workflow(name = `Release ${Math.random().toString(36).slice(2, 7)}`) {
    const response = await t.post('/v1/workflows', { projectId, name, phases: [{ name: 'Design' }, { name: 'Build' }, { name: 'Ship' }] }, as());
    expect(response.status).toBe(201);
    return response.body;
  }

  it('creates a workflow with ordered phases; names are unique per project', async () => {
    const created = await workflow('Release 1');
    expect(created).toMatchObject({ projectId, name: 'Release 1', status: 'empty', currentPhaseId: null, version: 1 });
    expect(created.phases.map((p: any) => [p.name, p.position, p.status])).toEqual([
      ['Design', 0, 'empty'],
      ['Build', 1, 'empty'],
      ['Ship', 2, 'empty'],
    ]);
    const again = await t.post('/v1/workflows', { projectId, name: 'release 1', phases: [] }, as());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASKS.WORKFLOW_NAME_TAKEN');
    const dupPhases = await t.post('/v1/workflows', { projectId, name: 'X', phases: [{ name: 'A' }, { name: 'a' }] }, as());
    expect(dupPhases.status).toBe(422);
    const noProject = await t.post('/v1/workflows', { projectId: '00000000-0000-4000-8000-000000000000', name: 'X', phases: [] }, as());
    expect(noProject.status).toBe(404);
    const list = await t.get(`/v1/workflows?projectId=${projectId}`, as());
    expect(list.body.items.map((w: any) => w.id)).toContain(created.id);
  });

  it('attaches tasks to phases and computes status, progress and the current phase', async () => {
    const wf = await workflow();
    const [design, build, ship] = wf.phases;
    const d1 = await createTask(t, owner, projectId, { phaseId: design.id, status: 'todo', estimate: 2 });
    expect(d1.workflowId).toBe(wf.id);
    const d2 = await createTask(t, owner, projectId, { workflowId: wf.id, phaseId: design.id, status: 'todo', estimate: 3 });
    const b1 = await createTask(t, owner, projectId, { phaseId: build.id, status: 'todo' });
    await createTask(t, owner, projectId, { workflowId: wf.id }); // in the workflow, no phase

    let view = (await t.get(`/v1/workflows/${wf.id}`, as())).body;
    expect(view).toMatchObject({ status: 'not_started', currentPhaseId: design.id });
    expect(view.phases.map((p: any) => p.status)).toEqual(['not_started', 'not_started', 'empty']);
    expect(view.unphased.total).toBe(1);
    expect(view.progress.total).toBe(4);

    for (const task of [d1, d2]) {
      await t.patch(`/v1/tasks/${task.id}`, { version: 1, status: 'in_progress' }, as());
      await t.patch(`/v1/tasks/${task.id}`, { version: 2, status: 'done' }, as());
    }
    await t.patch(`/v1/tasks/${b1.id}`, { version: 1, status: 'in_progress' }, as());
    view = (await t.get(`/v1/workflows/${wf.id}`, as())).body;
    expect(view).toMatchObject({ status: 'in_progress', currentPhaseId: build.id });
    expect(view.phases[0]).toMatchObject({ status: 'completed', progress: { ratio: 1, estimateTotal: 5, estimateDone: 5, weightedRatio: 1 } });
    expect(view.phases[1]).toMatchObject({ status: 'in_progress', progress: { ratio: 0 } });
    expect(view.phases[2].status).toBe('empty');

    const metrics = await t.get(`/v1/workflows/${wf.id}/metrics`, as());
    expect(metrics.status).toBe(200);
    expect(metrics.body.overall.completed).toBe(2);
    expect(metrics.body.overall.leadTimeSeconds.p50).toBeGreaterThanOrEqual(0);
    expect(metrics.body.overall.cycleTimeSeconds.avg).toBeGreaterThanOrEqual(0);
    expect(metrics.body.phases.map((p: any) => [p.name, p.completed])).toEqual([
      ['Design', 2],
      ['Build', 0],
      ['Ship', 0],
    ]);
    expect(ship.name).toBe('Ship');
  });

  it('refuses phases of other workflows and workflows of other projects', async () => {
    const wf = await workflow();
    const other = await workflow();
    const task = await createTask(t, owner, projectId);
    const mismatch = await t.patch(`/v1/tasks/${task.id}`, { version: 1, workflowId: wf.id, phaseId: other.phases[0].id }, as());
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('TASKS.WORKFLOW_MISMATCH');
    const elsewhere = await createTask(t, owner, await createProject(t, owner));
    const crossProject = await t.patch(`/v1/tasks/${elsewhere.id}`, { version: 1, workflowId: wf.id }, as());
    expect(crossProject.status).toBe(422);
    const unknownPhase = await t.patch(`/v1/tasks/${task.id}`, { version: 1, phaseId: '00000000-0000-4000-8000-000000000000' }, as());
    expect(unknownPhase.status).toBe(404);
    const moved = await t.patch(`/v1/tasks/${task.id}`, { version: 1, phaseId: wf.phases[1].id }, as());
    expect(moved.body).toMatchObject({ workflowId: wf.id, phaseId: wf.phases[1].id });
    const detached = await t.patch(`/v1/tasks/${task.id}`, { version: 2, workflowId: null }, as());
    expect(detached.body).toMatchObject({ workflowId: null, phaseId: null });
  });

  it('reorders, renames, adds and removes phases; removed phases detach their tasks; delete keeps the tasks', async () => {
    const wf = await workflow();
    const [design, build, ship] = wf.phases;
    const task = await createTask(t, owner, projectId, { phaseId: design.id });
    const updated = await t.patch(
      `/v1/workflows/${wf.id}`,
      { version: 1, name: 'Renamed', phases: [{ id: ship.id, name: 'Ship it' }, { id: build.id, name: 'Build' }, { name: 'Retro' }] },
      as(),
    );
    expect(updated.status).toBe(200);
    expect(updated.body.phases.map((p: any) => [p.name, p.position])).toEqual([
      ['Ship it', 0],
      ['Build', 1],
      ['Retro', 2],
    ]);
    expect(updated.body.phases[0].id).toBe(ship.id);
    const afterPhase = (await t.get(`/v1/tasks/${task.id}`, as())).body;
    expect(afterPhase).toMatchObject({ workflowId: wf.id, phaseId: null });
    const stale = await t.patch(`/v1/workflows/${wf.id}`, { version: 1, name: 'x' }, as());
    expect(stale.status).toBe(409);
    const foreign = await t.patch(`/v1/workflows/${wf.id}`, { version: 2, phases: [{ id: (await workflow()).phases[0].id, name: 'x' }] }, as());
    expect(foreign.status).toBe(422);

    expect((await t.delete(`/v1/workflows/${wf.id}`, as())).status).toBe(204);
    expect((await t.get(`/v1/workflows/${wf.id}`, as())).status).toBe(404);
    expect((await t.get(`/v1/tasks/${task.id}`, as())).body).toMatchObject({ workflowId: null, phaseId: null });
  });
});
