import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';
import { arrange, claim, finish, registerRunner, runnerAs, trigger } from './support';

describe('pipelines: a second organization and a second runner can neither see nor touch', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let world: Awaited<ReturnType<typeof arrange>> & { executionId: string; heldStepId: string; taskId: string; repositoryId: string };

  beforeAll(async () => {
    t = await TestApp.start();
    [a, b] = [await t.signup(), await t.signup()];
    const arranged = await arrange(t, a, {
      steps: [
        { key: 'one', command: 'x' },
        { key: 'two', command: 'x' },
      ],
    });
    const task = await fixtures(t).task(a, arranged.project.id);
    const repository = await fixtures(t).repository(a);
    const execution = await trigger(t, a, arranged.pipeline.id, { taskIds: [task.id] });
    const held = await claim(t, arranged.runner.token);
    await t.post(`/v1/runner/steps/${held.body.stepId}/logs`, { seq: 0, content: 'secret output of A' }, runnerAs(arranged.runner.token));
    world = { ...arranged, executionId: execution.id, heldStepId: held.body.stepId, taskId: task.id, repositoryId: repository.id };
  });
  afterAll(() => t.close());

  it("answers 404 to B for A's pipelines, versions, executions, logs, artifacts, links and runners, and lists none of them", async () => {
    const asB = { token: b.accessToken };
    const { pipeline, runner, executionId, heldStepId, taskId } = world;
    const reads = [
      `/v1/pipelines/${pipeline.id}`,
      `/v1/pipelines/${pipeline.id}/versions`,
      `/v1/pipelines/${pipeline.id}/versions/1`,
      `/v1/pipelines/${pipeline.id}/analytics`,
      `/v1/pipeline-executions/${executionId}`,
      `/v1/pipeline-executions/${executionId}/artifacts`,
      `/v1/pipeline-executions/${executionId}/steps/${heldStepId}/log`,
      `/v1/pipeline-runners/${runner.id}`,
    ];
    for (const url of reads) expect({ url, status: (await t.get(url, asB)).status }).toEqual({ url, status: 404 });
    const writes: Array<[string, string, unknown]> = [
      ['PATCH', `/v1/pipelines/${pipeline.id}`, { version: 1, name: 'stolen' }],
      ['DELETE', `/v1/pipelines/${pipeline.id}`, undefined],
      ['POST', `/v1/pipelines/${pipeline.id}/executions`, {}],
      ['POST', `/v1/pipeline-executions/${executionId}/cancel`, {}],
      ['POST', `/v1/pipeline-executions/${executionId}/rerun`, undefined],
      ['PUT', `/v1/pipeline-executions/${executionId}/tasks/${taskId}`, undefined],
      ['DELETE', `/v1/pipeline-executions/${executionId}/tasks/${taskId}`, undefined],
      ['PATCH', `/v1/pipeline-runners/${runner.id}`, { version: 1, disabled: true }],
      ['POST', `/v1/pipeline-runners/${runner.id}/token`, undefined],
      ['DELETE', `/v1/pipeline-runners/${runner.id}`, undefined],
    ];
    for (const [method, url, body] of writes)
      expect({ url, method, status: (await t.request(method, url, { ...asB, body })).status }).toEqual({ url, method, status: 404 });
    // B's own project cannot take A's repository or reach A's tasks.
    const project = await fixtures(t).project(b);
    const foreignRepo = await t.post(
      '/v1/pipelines',
      { projectId: project.id, repositoryId: world.repositoryId, name: 'x', spec: { steps: [{ key: 'a', command: 'x' }] } },
      asB,
    );
    expect(foreignRepo.status).toBe(404);
    const foreignProject = await t.post('/v1/pipelines', { projectId: world.project.id, name: 'x', spec: { steps: [{ key: 'a', command: 'x' }] } }, asB);
    expect(foreignProject.status).toBe(404);
    for (const url of [
      '/v1/pipelines',
      '/v1/pipeline-executions',
      `/v1/pipeline-executions?pipelineId=${pipeline.id}`,
      `/v1/pipeline-executions?taskId=${taskId}`,
      '/v1/pipeline-runners',
    ])
      expect({ url, items: (await t.get(url, asB)).body.items }).toEqual({ url, items: [] });

    const asA = { token: a.accessToken };
    const unchanged = await t.get(`/v1/pipeline-executions/${executionId}`, asA);
    expect(unchanged.body).toMatchObject({ status: 'running', taskIds: [taskId] });
    expect((await t.get(`/v1/pipelines/${pipeline.id}`, asA)).body).toMatchObject({
      name: pipeline.spec ? expect.any(String) : expect.anything(),
      archivedAt: null,
      currentVersion: 1,
    });
  });

  it("B's runner claims none of A's steps and cannot heartbeat, log or finish A's held step (409); a second runner of A cannot touch the first's step either", async () => {
    const other = await registerRunner(t, b);
    expect((await claim(t, other.token)).status).toBe(204);
    const step = world.heldStepId;
    for (const token of [other.token, (await registerRunner(t, a)).token]) {
      expect((await t.post(`/v1/runner/steps/${step}/heartbeat`, undefined, runnerAs(token))).status).toBe(409);
      expect((await t.post(`/v1/runner/steps/${step}/logs`, { seq: 1, content: 'x' }, runnerAs(token))).status).toBe(409);
      expect((await finish(t, token, step, 0)).status).toBe(409);
    }
    // The holder still holds it, with its log untouched.
    expect((await t.post(`/v1/runner/steps/${step}/heartbeat`, undefined, runnerAs(world.runner.token))).status).toBe(200);
    const log = await t.get(`/v1/pipeline-executions/${world.executionId}/steps/${step}/log`, { token: a.accessToken });
    expect(log.body.chunks.map((c: any) => c.content)).toEqual(['secret output of A']);
    // A's runner token sent with B's id in mind, or a token for an unknown runner: 401, never another tenant's data.
    const forged = world.runner.token.replace(/_[^_]+$/, '_' + 'A'.repeat(43));
    expect((await claim(t, forged)).status).toBe(401);
  });

  it("an organization's user credentials are not a runner token, and a runner token is not a user credential", async () => {
    expect((await t.post('/v1/runner/claim?wait=0', undefined, { token: a.accessToken })).status).toBe(401);
    expect((await t.get('/v1/pipelines', runnerAs(world.runner.token))).status).toBe(401);
  });
});
