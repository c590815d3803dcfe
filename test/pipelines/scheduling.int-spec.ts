import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';
import { PipelineEventsService } from '../../src/modules/pipelines';
import { fixtures } from '../support/fixtures';
import { Session, TestApp } from '../support/test-app';
import { arrange, claim, createPipeline, drain, finish, registerRunner, runnerAs, steps, trigger } from './support';

describe('pipelines: claims under concurrency, fairness, concurrency groups, jobs, triggers', () => {
  let t: TestApp;
  let owner: Session;
  const as = () => ({ token: owner.accessToken });
  const job = (name: string) => t.app.get(ExclusiveJobRunner).run(name);
  const asTenant = <T>(organizationId: string, fn: () => Promise<T>) => t.app.get(TenantTransaction).run({ organizationId }, fn);

  beforeAll(async () => {
    t = await TestApp.start();
  });
  beforeEach(async () => {
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('50 concurrent claimers never get the same step', async () => {
    const project = await fixtures(t).project(owner);
    const pipeline = await createPipeline(t, owner, project.id, { steps: Array.from({ length: 30 }, (_, i) => ({ key: `s${i}`, command: 'x' })) });
    await trigger(t, owner, pipeline.id);
    const runners = await Promise.all(Array.from({ length: 5 }, () => registerRunner(t, owner)));
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => claim(t, runners[i % 5].token)));
    const claimed = answers.filter((a) => a.status === 200).map((a) => a.body.stepId);
    expect(answers.every((a) => a.status === 200 || a.status === 204)).toBe(true);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
    const rows = await t.sql(
      `select count(*)::int as n from pipeline_step_executions where execution_id in
      (select id from pipeline_executions where definition_id = $1) and status = 'running' and attempt = 1`,
      [pipeline.id],
    );
    expect(rows[0].n).toBe(30);
  });

  it('is fair across organizations: a flooding organization never delays another’s single step; priority then age within one', async () => {
    const flooder = owner;
    const { pipeline: flood, runner: floodRunner } = await arrange(t, flooder, {
      steps: Array.from({ length: 100 }, (_, i) => ({ key: `s${i}`, command: 'x' })),
    });
    for (let i = 0; i < 3; i++) await trigger(t, flooder, flood.id);
    const other = await t.signup();
    const { pipeline: small, runner: smallRunner } = await arrange(t, other, { steps: steps('only') });
    const mine = await trigger(t, other, small.id);
    // Both organizations' runners claim at once: the other organization's step goes first to its runner.
    const [a, b] = await Promise.all([claim(t, floodRunner.token), claim(t, smallRunner.token)]);
    expect(a.status).toBe(200);
    expect(b.body).toMatchObject({ key: 'only', execution: { id: mine.id } });
    // Within an organization: priority first, then age.
    const low = await trigger(t, other, small.id, { priority: 0 });
    const high = await trigger(t, other, small.id, { priority: 50 });
    expect((await claim(t, smallRunner.token)).body.execution.id).toBe(high.id);
    expect((await claim(t, smallRunner.token)).body.execution.id).toBe(low.id);
  });

  it('wakes a long-polling claim as soon as matching work is queued', async () => {
    const { pipeline, runner } = await arrange(t, owner, { steps: steps('a') });
    const started = Date.now();
    const waiting = claim(t, runner.token, 20);
    // Let the claim find nothing and start waiting: the trigger below is what wakes it.
    await new Promise((resolve) => setImmediate(resolve));
    const execution = await trigger(t, owner, pipeline.id);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.execution.id).toBe(execution.id);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps a concurrency group at its limit under simultaneous starts, then admits the waiting in order', async () => {
    const project = await fixtures(t).project(owner);
    const pipeline = await createPipeline(t, owner, project.id, { steps: steps('deploy'), concurrency: { group: 'prod', policy: 'limit', limit: 2 } });
    const runner = await registerRunner(t, owner);
    const started = await Promise.all(Array.from({ length: 8 }, () => t.post(`/v1/pipelines/${pipeline.id}/executions`, {}, as())));
    expect(started.every((r) => r.status === 201)).toBe(true);
    const admitted = async () =>
      (
        await t.sql(`select count(*)::int as n from pipeline_executions where definition_id = $1 and admitted_at is not null and finished_at is null`, [
          pipeline.id,
        ])
      )[0].n;
    expect(await admitted()).toBe(2);
    expect(started.filter((r) => r.body.admitted)).toHaveLength(2);
    const done = await drain(t, runner.token);
    expect(done).toHaveLength(8);
    const all = await t.get(`/v1/pipeline-executions?pipelineId=${pipeline.id}`, as());
    expect(all.body.items.every((e: any) => e.status === 'succeeded')).toBe(true);
  });

  it('bounded queue refuses beyond maxQueued; cancel-in-progress supersedes the running execution', async () => {
    const project = await fixtures(t).project(owner);
    const queue = await createPipeline(t, owner, project.id, { steps: steps('a'), concurrency: { group: 'q', policy: 'queue', limit: 1, maxQueued: 2 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.post(`/v1/pipelines/${queue.id}/executions`, {}, as())));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('PIPELINES.CONCURRENCY_QUEUE_FULL');

    const cip = await createPipeline(t, owner, project.id, { steps: steps('a'), concurrency: { group: 'c-${branch}', policy: 'cancel-in-progress' } });
    const first = await trigger(t, owner, cip.id, { branch: 'main' });
    const other = await trigger(t, owner, cip.id, { branch: 'dev' });
    const second = await trigger(t, owner, cip.id, { branch: 'main' });
    expect((await t.get(`/v1/pipeline-executions/${first.id}`, as())).body).toMatchObject({
      status: 'cancelled',
      reason: expect.stringContaining('Superseded'),
    });
    expect((await t.get(`/v1/pipeline-executions/${other.id}`, as())).body.status).toBe('queued');
    expect((await t.get(`/v1/pipeline-executions/${second.id}`, as())).body).toMatchObject({ status: 'queued', admitted: true });
  });

  it('reaper: a lost lease puts the step back (attempt counted) and fails it when attempts run out; overdue executions time out', async () => {
    const { pipeline, runner } = await arrange(t, owner, { steps: [{ key: 'a', command: 'x', retry: { maxAttempts: 2 } }] });
    const execution = await trigger(t, owner, pipeline.id);
    const first = await claim(t, runner.token);
    await t.sql(`update pipeline_step_executions set lease_expires_at = now() - interval '1 second' where id = $1`, [first.body.stepId]);
    expect((await job('pipeline-reaper')).result).toMatchObject({ requeued: 1 });
    // The runner that lost it no longer holds it.
    expect((await t.post(`/v1/runner/steps/${first.body.stepId}/heartbeat`, undefined, runnerAs(runner.token))).status).toBe(409);
    const again = await claim(t, runner.token);
    expect(again.body).toMatchObject({ stepId: first.body.stepId, attempt: 2 });
    await t.sql(`update pipeline_step_executions set lease_expires_at = now() - interval '1 second' where id = $1`, [first.body.stepId]);
    expect((await job('pipeline-reaper')).result).toMatchObject({ failed: 1 });
    expect((await t.get(`/v1/pipeline-executions/${execution.id}`, as())).body.status).toBe('failed');

    const slow = await trigger(t, owner, pipeline.id);
    const held = await claim(t, runner.token);
    await t.sql(`update pipeline_executions set deadline_at = now() - interval '1 second' where id = $1`, [slow.id]);
    expect((await job('pipeline-reaper')).result).toMatchObject({ timedOut: 1 });
    expect((await t.get(`/v1/pipeline-executions/${slow.id}`, as())).body.status).toBe('timed_out');
    const beat = await t.post(`/v1/runner/steps/${held.body.stepId}/heartbeat`, undefined, runnerAs(runner.token));
    expect(beat.body).toMatchObject({ cancel: true, status: 'timed_out' });
  });

  it('scheduler starts pipelines whose cron fired (once), and artifact expiry deletes expired artifacts', async () => {
    const { pipeline, runner } = await arrange(t, owner, { steps: steps('nightly'), triggers: { schedule: ['0 3 * * *'] } });
    await t.sql(`update pipeline_definitions set created_at = now() - interval '2 days' where id = $1`, [pipeline.id]);
    await job('pipeline-scheduler');
    await job('pipeline-scheduler');
    const runs = await t.get(`/v1/pipeline-executions?pipelineId=${pipeline.id}`, as());
    expect(runs.body.items.map((e: any) => e.trigger)).toEqual(['schedule']);

    const held = await claim(t, runner.token);
    const past = new Date(Date.now() - 60_000).toISOString();
    await finish(t, runner.token, held.body.stepId, 0, [
      { name: 'old', sizeBytes: 1, storageUri: 's3://b/old', expiresAt: past },
      { name: 'new', sizeBytes: 1, storageUri: 's3://b/new' },
    ]);
    await job('pipeline-artifact-expiry');
    const artifacts = await t.get(`/v1/pipeline-executions/${runs.body.items[0].id}/artifacts`, as());
    expect(artifacts.body.items.map((a: any) => a.name)).toEqual(['new']);
  });

  it('front door: push and pull-request events start matching pipelines; GitHub runs and jobs are mirrored idempotently', async () => {
    const repository = await fixtures(t).repository(owner);
    const project = await fixtures(t).project(owner);
    const matching = await createPipeline(
      t,
      owner,
      project.id,
      { steps: steps('a'), triggers: { push: { branches: ['main', 'release/*'] }, pullRequest: { branches: ['main'] } } },
      { repositoryId: repository.id },
    );
    await createPipeline(t, owner, project.id, { steps: steps('a'), triggers: { push: { branches: ['dev'] } } }, { repositoryId: repository.id });
    const events = t.app.get(PipelineEventsService);
    const org = owner.organization.id;
    const pushed = await asTenant(org, () => events.onPush({ repositoryId: repository.id, branch: 'release/2.4', commitSha: 'abc1234' }));
    expect(pushed.map((e) => [e.pipelineId, e.trigger, e.branch])).toEqual([[matching.id, 'push', 'release/2.4']]);
    expect(await asTenant(org, () => events.onPush({ repositoryId: repository.id, branch: 'feature/x', commitSha: 'abc1234' }))).toEqual([]);
    const pr = await asTenant(org, () =>
      events.onPullRequest({ repositoryId: repository.id, number: 7, action: 'opened', baseBranch: 'main', headBranch: 'feature/x', commitSha: 'def5678' }),
    );
    expect(pr.map((e) => [e.trigger, e.branch])).toEqual([['pull_request', 'feature/x']]);
    expect(
      await asTenant(org, () =>
        events.onPullRequest({ repositoryId: repository.id, number: 7, action: 'closed', baseBranch: 'main', headBranch: 'x', commitSha: 'def5678' }),
      ),
    ).toEqual([]);

    const run = {
      projectId: project.id,
      runId: '9001',
      workflowName: 'GitHub CI',
      headBranch: 'main',
      headSha: 'fff0001',
      status: 'in_progress',
      createdAt: new Date(),
    };
    const mirrored = await asTenant(org, () => events.mirrorWorkflowRun(run));
    await asTenant(org, () => events.mirrorWorkflowJob({ runId: '9001', jobId: '1', name: 'build', status: 'completed', conclusion: 'success' }));
    await asTenant(org, () => events.mirrorWorkflowJob({ runId: '9001', jobId: '1', name: 'build', status: 'completed', conclusion: 'success' }));
    const again = await asTenant(org, () => events.mirrorWorkflowRun({ ...run, status: 'completed', conclusion: 'failure' }));
    expect(again.id).toBe(mirrored.id);
    const read = await t.get(`/v1/pipeline-executions/${mirrored.id}`, as());
    expect(read.body).toMatchObject({ trigger: 'external', status: 'failed', branch: 'main' });
    expect(read.body.steps.map((s: any) => [s.name, s.status])).toEqual([['build', 'succeeded']]);
  });

  it('delivery analytics per pipeline and branch, and pipeline success rate in the project summary', async () => {
    const { project, pipeline, runner } = await arrange(t, owner, { steps: steps('build', ['test', ['build']]), deployment: true });
    for (const [sha, testCode] of [
      ['aaa0001', 1],
      ['aaa0001', 0],
      ['aaa0002', 0],
    ] as const) {
      await trigger(t, owner, pipeline.id, { branch: 'main', commitSha: sha });
      await drain(t, runner.token, (key) => (key === 'test' ? testCode : 0));
    }
    await trigger(t, owner, pipeline.id, { branch: 'dev', commitSha: 'bbb0001' });
    await drain(t, runner.token);
    const main = await t.get(`/v1/pipelines/${pipeline.id}/analytics?branch=main&days=7`, as());
    expect(main.status).toBe(200);
    expect(main.body).toMatchObject({ executions: 3, finished: 3, successRate: 0.667, flakySteps: [{ key: 'test', flakyCommits: 1 }] });
    expect(main.body.durationP50Seconds).toEqual(expect.any(Number));
    expect(main.body.dora).toMatchObject({ changeFailureRate: 0.333, timeToRestoreSeconds: expect.any(Number), leadTimeSeconds: expect.any(Number) });
    const all = await t.get(`/v1/pipelines/${pipeline.id}/analytics?days=7`, as());
    expect(all.body.executions).toBe(4);
    const summary = await t.get('/v1/projects/summary', as());
    const item = summary.body.items.find((p: any) => p.project.id === project.id);
    expect(item.counters.pipelines).toMatchObject({ executions: 4, successRate: 0.75, active: 0 });
  });
});
