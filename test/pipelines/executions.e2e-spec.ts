import { Session, TestApp } from '../support/test-app';
import { arrange, claim, createPipeline, drain, finish, registerRunner, runnerAs, steps, trigger } from './support';
import { fixtures } from '../support/fixtures';

describe('pipelines: definitions, executions and the runner API', () => {
  let t: TestApp;
  let owner: Session;
  const as = () => ({ token: owner.accessToken });

  beforeAll(async () => {
    t = await TestApp.start({ PIPELINE_LOG_MAX_BYTES: '2048' });
  });
  // Each test in its own organization: runners claim any queued step of theirs.
  beforeEach(async () => {
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('creates, edits (new version), lists and reads versions; executions keep their version', async () => {
    const { pipeline } = await arrange(t, owner, { steps: steps('build') });
    expect(pipeline.currentVersion).toBe(1);
    const first = await trigger(t, owner, pipeline.id);
    const edited = await t.patch(`/v1/pipelines/${pipeline.id}`, { version: pipeline.version, spec: { steps: steps('build', ['test', ['build']]) } }, as());
    expect(edited.status).toBe(200);
    expect(edited.body.currentVersion).toBe(2);
    const stale = await t.patch(`/v1/pipelines/${pipeline.id}`, { version: pipeline.version, name: 'x' }, as());
    expect(stale.status).toBe(409);
    const second = await trigger(t, owner, pipeline.id);
    expect((await t.get(`/v1/pipeline-executions/${first.id}`, as())).body).toMatchObject({ pipelineVersion: 1 });
    expect((await t.get(`/v1/pipeline-executions/${second.id}`, as())).body.steps.map((s: any) => s.key)).toEqual(['build', 'test']);
    const versions = await t.get(`/v1/pipelines/${pipeline.id}/versions`, as());
    expect(versions.body.items.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await t.get(`/v1/pipelines/${pipeline.id}/versions/1`, as())).body.spec.steps).toHaveLength(1);
    expect((await t.get(`/v1/pipelines/${pipeline.id}/versions/9`, as())).status).toBe(404);
    const audit = await t.get(`/v1/audit-logs?entityType=pipeline&entityId=${pipeline.id}`, as());
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: any) => e.action).sort()).toEqual(['create', 'update']);
  });

  it('refuses bad definitions with the offending path', async () => {
    const project = await fixtures(t).project(owner);
    const post = (spec: unknown) => t.post('/v1/pipelines', { projectId: project.id, name: 'bad', spec }, as());
    const cycle = await post({
      steps: [
        { key: 'a', command: 'x', needs: ['b'] },
        { key: 'b', command: 'x', needs: ['a'] },
      ],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors).toEqual([{ field: 'spec.steps[0].needs', message: 'form a cycle: a → b → a' }]);
    const unknown = await post({ steps: [{ key: 'a', command: 'x', needs: ['zz'] }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('spec.steps[0].needs[0]');
    const cron = await post({ steps: steps('a'), triggers: { schedule: ['61 * * * *'] } });
    expect(cron.status).toBe(422);
    expect(cron.body.errors[0].field).toBe('spec.triggers.schedule[0]');
    const many = await post({ steps: Array.from({ length: 101 }, (_, i) => ({ key: `s${i}`, command: 'x' })) });
    expect(many.status).toBe(422);
    expect(many.body.errors[0].field).toBe('spec.steps');
  });

  it('runs a DAG to success through the runner API: claim, heartbeat, logs in order, finish with artifacts', async () => {
    const { pipeline, runner } = await arrange(t, owner, { steps: steps('build', ['test', ['build']], ['lint', ['build']], ['deploy', ['test', 'lint']]) });
    const execution = await trigger(t, owner, pipeline.id, { branch: 'main', commitSha: 'abcdef1' });
    expect(execution.steps.map((s) => s.status)).toEqual(['queued', 'pending', 'pending', 'pending']);

    const first = await claim(t, runner.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ key: 'build', attempt: 1, execution: { id: execution.id, branch: 'main', commitSha: 'abcdef1' } });
    expect((await claim(t, runner.token)).status).toBe(204);
    const beat = await t.post(`/v1/runner/steps/${first.body.stepId}/heartbeat`, undefined, runnerAs(runner.token));
    expect(beat.status).toBe(200);
    expect(beat.body.cancel).toBe(false);

    const log = (seq: number, content: string) => t.post(`/v1/runner/steps/${first.body.stepId}/logs`, { seq, content }, runnerAs(runner.token));
    expect((await log(0, 'hello\n')).status).toBe(200);
    expect((await log(2, 'skipped\n')).status).toBe(409);
    expect((await log(0, 'again\n')).status).toBe(409);
    expect((await log(1, 'world\n')).status).toBe(200);
    expect((await log(2, 'x'.repeat(2100))).status).toBe(413);

    const badArtifact = await finish(t, runner.token, first.body.stepId, 0, [{ name: 'a', sizeBytes: 1, storageUri: 'file:///etc/passwd' }]);
    expect(badArtifact.status).toBe(422);
    const done = await finish(t, runner.token, first.body.stepId, 0, [
      { name: 'dist.tgz', sizeBytes: 10, checksum: 'sha256:00', storageUri: 's3://bucket/dist.tgz' },
    ]);
    expect(done.body).toEqual({ status: 'succeeded', retried: false });
    expect((await finish(t, runner.token, first.body.stepId, 0)).status).toBe(409);

    expect(await drain(t, runner.token)).toEqual(expect.arrayContaining(['test', 'lint', 'deploy']));
    const after = await t.get(`/v1/pipeline-executions/${execution.id}`, as());
    expect(after.body.status).toBe('succeeded');
    expect(after.body.steps.every((s: any) => s.status === 'succeeded')).toBe(true);
    const logs = await t.get(`/v1/pipeline-executions/${execution.id}/steps/${first.body.stepId}/log`, as());
    expect(logs.body.chunks.map((c: any) => c.content).join('')).toBe('hello\nworld\n');
    const artifacts = await t.get(`/v1/pipeline-executions/${execution.id}/artifacts`, as());
    expect(artifacts.body.items).toEqual([expect.objectContaining({ name: 'dist.tgz', storageUri: 's3://bucket/dist.tgz', sizeBytes: 10 })]);
  });

  it('retries by exit code, skips dependants of a failure, and re-runs only the failed steps and their dependants', async () => {
    const { pipeline, runner } = await arrange(t, owner, {
      steps: [
        { key: 'build', command: 'x' },
        { key: 'flaky', command: 'x', needs: ['build'], retry: { maxAttempts: 2, exitCodes: [137] } },
        { key: 'unit', command: 'x', needs: ['build'] },
        { key: 'deploy', command: 'x', needs: ['flaky', 'unit'] },
      ],
    });
    const execution = await trigger(t, owner, pipeline.id, { commitSha: 'abcdef2' });
    let flakyRuns = 0;
    await drain(t, runner.token, (key) => (key === 'flaky' ? (++flakyRuns === 1 ? 137 : 0) : key === 'unit' ? 1 : 0));
    expect(flakyRuns).toBe(2);
    const failed = (await t.get(`/v1/pipeline-executions/${execution.id}`, as())).body;
    expect(failed.status).toBe('failed');
    expect(Object.fromEntries(failed.steps.map((s: any) => [s.key, [s.status, s.attempt]]))).toEqual({
      build: ['succeeded', 1],
      flaky: ['succeeded', 2],
      unit: ['failed', 1],
      deploy: ['skipped', 0],
    });
    const rerun = await t.post(`/v1/pipeline-executions/${execution.id}/rerun`, undefined, as());
    expect(rerun.status).toBe(200);
    expect(rerun.body.runAttempt).toBe(2);
    expect(Object.fromEntries(rerun.body.steps.map((s: any) => [s.key, s.status]))).toEqual({
      build: 'succeeded',
      flaky: 'succeeded',
      unit: 'queued',
      deploy: 'pending',
    });
    expect(await drain(t, runner.token)).toEqual(['unit', 'deploy']);
    expect((await t.get(`/v1/pipeline-executions/${execution.id}`, as())).body.status).toBe('succeeded');
    expect((await t.post(`/v1/pipeline-executions/${execution.id}/rerun`, undefined, as())).status).toBe(409);
  });

  it('cancels: queued steps leave the queue, the running step’s runner learns it at its heartbeat', async () => {
    const { pipeline, runner } = await arrange(t, owner, { steps: steps('a', 'b') });
    const execution = await trigger(t, owner, pipeline.id);
    const held = await claim(t, runner.token);
    const cancelled = await t.post(`/v1/pipeline-executions/${execution.id}/cancel`, { reason: 'wrong commit' }, as());
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await claim(t, runner.token)).status).toBe(204);
    const beat = await t.post(`/v1/runner/steps/${held.body.stepId}/heartbeat`, undefined, runnerAs(runner.token));
    expect(beat.body).toMatchObject({ cancel: true, status: 'cancelled' });
    expect((await finish(t, runner.token, held.body.stepId, 0)).body.status).toBe('cancelled');
    expect((await t.post(`/v1/pipeline-executions/${execution.id}/cancel`, {}, as())).status).toBe(409);
    const audit = await t.get(`/v1/audit-logs?entityType=pipelineExecution&entityId=${execution.id}`, as());
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['cancel']);
  });

  it('matches labels: a step waits for a runner carrying all its labels', async () => {
    const project = await fixtures(t).project(owner);
    const pipeline = await createPipeline(t, owner, project.id, { steps: [{ key: 'gpu', command: 'x', labels: ['linux', 'gpu'] }] });
    const plain = await registerRunner(t, owner, ['linux']);
    const gpu = await registerRunner(t, owner, ['linux', 'gpu', 'x64']);
    await trigger(t, owner, pipeline.id);
    expect((await claim(t, plain.token)).status).toBe(204);
    expect((await claim(t, gpu.token)).body.key).toBe('gpu');
  });

  it('type-checks manual inputs and links executions to tasks both ways', async () => {
    const project = await fixtures(t).project(owner);
    const task = await fixtures(t).task(owner, project.id);
    const pipeline = await createPipeline(t, owner, project.id, {
      steps: steps('a'),
      triggers: { manual: { inputs: { env: { type: 'choice', options: ['staging', 'production'], required: true } } } },
    });
    expect((await t.post(`/v1/pipelines/${pipeline.id}/executions`, { inputs: { env: 'moon' } }, as())).status).toBe(422);
    expect((await t.post(`/v1/pipelines/${pipeline.id}/executions`, {}, as())).status).toBe(422);
    const execution = await trigger(t, owner, pipeline.id, { inputs: { env: 'production' }, taskIds: [task.id] });
    const read = await t.get(`/v1/pipeline-executions/${execution.id}`, as());
    expect(read.body).toMatchObject({ inputs: { env: 'production' }, taskIds: [task.id] });
    const ofTask = await t.get(`/v1/pipeline-executions?taskId=${task.id}`, as());
    expect(ofTask.body.items.map((e: any) => e.id)).toEqual([execution.id]);
    expect((await t.delete(`/v1/pipeline-executions/${execution.id}/tasks/${task.id}`, as())).status).toBe(204);
    expect((await t.get(`/v1/pipeline-executions?taskId=${task.id}`, as())).body.items).toEqual([]);
    expect((await t.request('PUT', `/v1/pipeline-executions/${execution.id}/tasks/${task.id}`, as())).status).toBe(200);
  });

  it('lists executions of a pipeline newest first with cursor pages and filters', async () => {
    const { pipeline } = await arrange(t, owner, { steps: steps('a') });
    const ids: string[] = [];
    for (const branch of ['main', 'dev', 'main', 'main']) ids.push((await trigger(t, owner, pipeline.id, { branch })).id);
    const page1 = await t.get(`/v1/pipeline-executions?pipelineId=${pipeline.id}&limit=3`, as());
    const page2 = await t.get(`/v1/pipeline-executions?pipelineId=${pipeline.id}&limit=3&cursor=${page1.body.nextCursor}`, as());
    expect([...page1.body.items, ...page2.body.items].map((e: any) => e.id)).toEqual([...ids].reverse());
    expect(page2.body.nextCursor).toBeNull();
    const main = await t.get(`/v1/pipeline-executions?pipelineId=${pipeline.id}&branch=main&status=queued`, as());
    expect(main.body.items).toHaveLength(3);
  });

  it('enforces roles: viewers read, members run and cancel, admins edit definitions and runners', async () => {
    const { pipeline } = await arrange(t, owner, { steps: steps('a') });
    const viewer = await fixtures(t).member(owner, 'viewer');
    const member = await fixtures(t).member(owner, 'member');
    expect((await t.get(`/v1/pipelines/${pipeline.id}`, { token: viewer.accessToken })).status).toBe(200);
    expect((await t.post(`/v1/pipelines/${pipeline.id}/executions`, {}, { token: viewer.accessToken })).status).toBe(403);
    const execution = await trigger(t, member, pipeline.id);
    expect((await t.post(`/v1/pipeline-executions/${execution.id}/cancel`, {}, { token: member.accessToken })).status).toBe(200);
    expect((await t.patch(`/v1/pipelines/${pipeline.id}`, { version: 1, name: 'x' }, { token: member.accessToken })).status).toBe(403);
    expect((await t.post('/v1/pipeline-runners', { name: 'r' }, { token: member.accessToken })).status).toBe(403);
    expect((await t.get('/v1/pipeline-runners', { token: member.accessToken })).status).toBe(403);
  });

  it('records a runner as seen at most once a minute (idle polls are reads)', async () => {
    const runner = await registerRunner(t, owner, ['linux']);
    const seen = async () => (await t.get(`/v1/pipeline-runners/${runner.id}`, as())).body.lastSeenAt as string | null;
    expect(await seen()).toBeNull();
    const thirtySecondsAgo = new Date(Date.now() - 30_000).toISOString();
    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
    // Seen 30 s ago: a poll now leaves the record as it is.
    await t.sql(`update pipeline_runners set last_seen_at = $2 where id = $1`, [runner.id, thirtySecondsAgo]);
    expect((await claim(t, runner.token)).status).toBe(204);
    expect(new Date((await seen())!).toISOString()).toBe(thirtySecondsAgo);
    // Seen two minutes ago: the poll records it.
    await t.sql(`update pipeline_runners set last_seen_at = $2 where id = $1`, [runner.id, twoMinutesAgo]);
    expect((await claim(t, runner.token)).status).toBe(204);
    expect(Date.parse((await seen())!)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('manages runners: list, disable (token refused), rotate (old token refused), delete', async () => {
    const runner = await registerRunner(t, owner, ['linux']);
    const list = await t.get('/v1/pipeline-runners', as());
    expect(list.body.items.map((r: any) => r.id)).toContain(runner.id);
    expect(list.body.items[0].token).toBeUndefined();
    expect((await claim(t, runner.token)).status).toBe(204);
    expect((await t.get(`/v1/pipeline-runners/${runner.id}`, as())).body.lastSeenAt).not.toBeNull();
    const disabled = await t.patch(`/v1/pipeline-runners/${runner.id}`, { version: runner.version, disabled: true }, as());
    expect(disabled.body.disabled).toBe(true);
    expect((await claim(t, runner.token)).status).toBe(401);
    await t.patch(`/v1/pipeline-runners/${runner.id}`, { version: disabled.body.version, disabled: false }, as());
    const rotated = await t.post(`/v1/pipeline-runners/${runner.id}/token`, undefined, as());
    expect(rotated.status).toBe(201);
    expect((await claim(t, runner.token)).status).toBe(401);
    expect((await claim(t, rotated.body.token)).status).toBe(204);
    expect((await t.delete(`/v1/pipeline-runners/${runner.id}`, as())).status).toBe(204);
    expect((await claim(t, rotated.body.token)).status).toBe(401);
    expect((await claim(t, 'syr_garbage')).status).toBe(401);
    expect((await t.post('/v1/runner/claim?wait=0')).status).toBe(401);
  });
});
