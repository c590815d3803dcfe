import { Injectable } from '@nestjs/common';
import { Execution, ExecutionStatus, StepStatus } from '../domain/execution';
import { branchMatches, validatePipelineSpec } from '../domain/pipeline-spec';
import { ExecutionEngine } from './execution-engine';
import { ExecutionRepository } from './execution.repository';
import { PipelineDefinition, PipelineDefinitionRepository } from './pipeline-definition.repository';
import { isCron } from './cron';

export interface PushEvent {
  repositoryId: string;
  branch: string;
  commitSha: string;
  /** Who pushed, as the integration knows it (kept in the execution's event). */
  pusher?: string;
  event?: Record<string, unknown>;
}

export interface PullRequestEvent {
  repositoryId: string;
  number: number;
  action: 'opened' | 'synchronize' | 'reopened' | string;
  /** The branch the pull request merges into: the trigger's `branches` match it (GitHub's rule). */
  baseBranch: string;
  headBranch: string;
  commitSha: string;
  event?: Record<string, unknown>;
}

/** A GitHub Actions `workflow_run` webhook, reduced to what an execution keeps. */
export interface WorkflowRunEvent {
  projectId: string;
  repositoryId?: string | null;
  runId: string;
  workflowName: string;
  headBranch: string | null;
  headSha: string | null;
  status: 'queued' | 'waiting' | 'requested' | 'pending' | 'in_progress' | 'completed' | string;
  conclusion?: string | null;
  htmlUrl?: string | null;
  createdAt: Date;
  startedAt?: Date | null;
  updatedAt?: Date | null;
}

/** A GitHub Actions `workflow_job` webhook. */
export interface WorkflowJobEvent {
  runId: string;
  jobId: string;
  name: string;
  status: string;
  conclusion?: string | null;
  startedAt?: Date | null;
  completedAt?: Date | null;
}

const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened'];

/**
 * The front door for the integrations module: push and pull-request events start the matching
 * pipelines of the repository, and GitHub Actions runs are mirrored as executions (idempotent by
 * the run's and the job's ids). Called inside the caller's tenant transaction.
 */
@Injectable()
export class PipelineEventsService {
  constructor(
    private readonly definitions: PipelineDefinitionRepository,
    private readonly executions: ExecutionRepository,
    private readonly engine: ExecutionEngine,
  ) {}

  /** Starts every live pipeline of the repository whose push trigger matches the branch. */
  async onPush(event: PushEvent): Promise<Execution[]> {
    const started: Execution[] = [];
    for (const definition of await this.definitions.forRepository(event.repositoryId)) {
      const push = definition.spec.triggers.push;
      if (!push || !branchMatches(push.branches, event.branch)) continue;
      started.push(await this.start(definition, 'push', event.branch, event.commitSha, { ...event.event, pusher: event.pusher ?? null }));
    }
    return started;
  }

  /** Starts every live pipeline of the repository whose pull-request trigger matches the base branch (opened, synchronize, reopened). */
  async onPullRequest(event: PullRequestEvent): Promise<Execution[]> {
    if (!PULL_REQUEST_ACTIONS.includes(event.action)) return [];
    const started: Execution[] = [];
    for (const definition of await this.definitions.forRepository(event.repositoryId)) {
      const trigger = definition.spec.triggers.pullRequest;
      if (!trigger || !branchMatches(trigger.branches, event.baseBranch)) continue;
      started.push(
        await this.start(definition, 'pull_request', event.headBranch, event.commitSha, {
          ...event.event,
          pullRequest: event.number,
          action: event.action,
          baseBranch: event.baseBranch,
        }),
      );
    }
    return started;
  }

  /** Starts a scheduled execution of a pipeline (the scheduler calls it once per fired schedule). */
  async onSchedule(definitionId: string, firedAt: Date): Promise<Execution | undefined> {
    const definition = await this.definitions.find(definitionId);
    if (!definition || definition.archivedAt || definition.spec.triggers.schedule.length === 0) return undefined;
    await this.definitions.markScheduled(definitionId, firedAt);
    return this.start(definition, 'schedule', null, null, { firedAt: firedAt.toISOString() });
  }

  /**
   * Mirrors a GitHub Actions workflow run: the first event creates the execution (under a
   * pipeline named after the workflow, created on first sight), later ones update its status.
   * Idempotent: the same run id always lands on the same execution.
   */
  async mirrorWorkflowRun(run: WorkflowRunEvent): Promise<Execution> {
    const status = mirroredStatus(run.status, run.conclusion);
    const finishedAt = status === 'queued' || status === 'running' ? null : (run.updatedAt ?? new Date());
    const existingId = await this.executions.findExternal('github', run.runId);
    if (existingId) {
      const execution = (await this.executions.lock(existingId))!;
      await this.executions.updateMirrored(execution, { status, startedAt: run.startedAt ?? null, finishedAt });
      return { ...execution, status, finishedAt };
    }
    const definition = await this.mirrorDefinition(run);
    const execution = await this.executions.insert(
      {
        pipelineId: definition.id,
        pipelineVersion: definition.currentVersion,
        projectId: definition.projectId,
        trigger: 'external',
        actor: { type: 'integration', id: null },
        event: { provider: 'github', runId: run.runId, workflow: run.workflowName },
        commitSha: run.headSha,
        branch: run.headBranch,
        inputs: {},
        status,
        concurrencyGroup: null,
        admitted: true,
        priority: 0,
        isDeployment: definition.isDeployment,
        timeoutSeconds: definition.spec.timeoutSeconds,
        externalUrl: run.htmlUrl ?? null,
        startedAt: run.startedAt ?? null,
        finishedAt,
      },
      [],
    );
    await this.executions.addExternal('github', run.runId, execution);
    return execution;
  }

  /** Mirrors a workflow job as a step of its run's execution (idempotent by job id); ignored until the run is known. */
  async mirrorWorkflowJob(job: WorkflowJobEvent): Promise<boolean> {
    const executionId = await this.executions.findExternal('github', job.runId);
    const execution = executionId && (await this.executions.lock(executionId));
    if (!execution) return false;
    const status = mirroredStatus(job.status, job.conclusion);
    const stepStatus: StepStatus = status;
    await this.executions.upsertMirroredStep(execution, {
      key: `job-${job.jobId}`.slice(0, 100),
      name: job.name.slice(0, 200) || 'job',
      stage: null,
      position: 0,
      needs: [],
      labels: [],
      maxAttempts: 1,
      retryExitCodes: [],
      timeoutSeconds: execution.timeoutSeconds,
      spec: { uses: 'github-actions' },
      status: stepStatus,
      externalId: job.jobId,
      exitCode: status === 'succeeded' ? 0 : status === 'failed' ? 1 : null,
      startedAt: job.startedAt ?? null,
      finishedAt: job.completedAt ?? null,
    });
    return true;
  }

  private async start(
    definition: PipelineDefinition,
    trigger: 'push' | 'pull_request' | 'schedule',
    branch: string | null,
    sha: string | null,
    event: Record<string, unknown>,
  ) {
    return this.engine.start({
      definition,
      version: definition.currentVersion,
      spec: definition.spec,
      trigger,
      actor: { type: trigger === 'schedule' ? 'system' : 'integration', id: null },
      event,
      commitSha: sha,
      branch,
    });
  }

  private async mirrorDefinition(run: WorkflowRunEvent): Promise<PipelineDefinition> {
    const name = run.workflowName.slice(0, 200) || 'GitHub Actions';
    const found = await this.definitions.findByName(run.projectId, name);
    if (found) return found;
    return this.definitions.insert({
      projectId: run.projectId,
      repositoryId: run.repositoryId ?? null,
      name,
      spec: validatePipelineSpec({ steps: [{ key: 'github-actions', uses: 'github-actions' }], triggers: {} }, isCron),
      createdBy: null,
    });
  }
}

/** GitHub's status + conclusion as an execution status. */
export function mirroredStatus(status: string, conclusion?: string | null): ExecutionStatus {
  if (status !== 'completed') return status === 'in_progress' ? 'running' : 'queued';
  switch (conclusion) {
    case 'success':
    case 'neutral':
    case 'skipped':
      return 'succeeded';
    case 'cancelled':
      return 'cancelled';
    case 'timed_out':
      return 'timed_out';
    default:
      return 'failed';
  }
}
