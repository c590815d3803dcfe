import { Injectable } from '@nestjs/common';
import { DomainError } from '@switchyard/core';
import { admit, Execution, ExecutionActor, freeSlots, isExecutionFinished, planSteps, StepExecution, stepsToRerun, Trigger } from '../domain/execution';
import { concurrencyGroupOf, PipelineSpec } from '../domain/pipeline-spec';
import { PIPELINES } from '../domain/pipelines.errors';
import { ExecutionRepository, NewStep } from './execution.repository';
import { PipelineDefinition } from './pipeline-definition.repository';
import { WorkSignal } from './runner.repository';
import { PipelineFacts } from './ports';

export interface StartRequest {
  definition: PipelineDefinition;
  /** The version to run (the definition's current one unless re-running an older). */
  version: number;
  spec: PipelineSpec;
  trigger: Trigger;
  actor: ExecutionActor | null;
  event?: Record<string, unknown>;
  commitSha?: string | null;
  branch?: string | null;
  inputs?: Record<string, unknown>;
  priority?: number;
}

/**
 * The scheduling rules, applied inside the caller's tenant transaction: admission through the
 * concurrency group (its row lock serialises simultaneous starts, so a group is never over its
 * limit), the DAG's next moves under the execution's row lock, finishing, cancelling, re-runs.
 */
@Injectable()
export class ExecutionEngine {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly signal: WorkSignal,
    private readonly facts: PipelineFacts,
  ) {}

  async start(request: StartRequest): Promise<Execution> {
    const { definition, spec } = request;
    const group = concurrencyGroupOf(spec, definition.id, request.branch ?? null);
    let admitted = true;
    const cancel: string[] = [];
    if (group && spec.concurrency) {
      await this.executions.lockGroup(group, spec.concurrency.limit);
      const counts = await this.executions.groupCounts(group);
      const decision = admit(spec.concurrency.policy, spec.concurrency.limit, spec.concurrency.maxQueued, counts.admitted, counts.waiting);
      if (decision.decision === 'refuse')
        throw new DomainError(PIPELINES.CONCURRENCY_QUEUE_FULL, `The concurrency group "${group}" already has ${counts.waiting} execution(s) waiting`, {
          group,
          waiting: counts.waiting,
        });
      admitted = decision.decision !== 'wait';
      if (decision.decision === 'admit-cancelling') cancel.push(...(await this.executions.groupActive(group, '00000000-0000-0000-0000-000000000000')));
    }
    for (const id of cancel) await this.stop(id, 'cancelled', `Superseded by a newer execution of concurrency group "${group}"`, false);

    const steps: NewStep[] = spec.steps.map((step, position) => ({
      key: step.key,
      name: step.name,
      stage: step.stage ?? null,
      position,
      needs: step.needs,
      labels: step.labels,
      maxAttempts: step.retry.maxAttempts,
      retryExitCodes: step.retry.exitCodes,
      timeoutSeconds: step.timeoutSeconds,
      spec: { command: step.command, uses: step.uses, image: step.image, env: step.env },
    }));
    const execution = await this.executions.insert(
      {
        pipelineId: definition.id,
        pipelineVersion: request.version,
        projectId: definition.projectId,
        trigger: request.trigger,
        actor: request.actor,
        event: request.event ?? {},
        commitSha: request.commitSha ?? null,
        branch: request.branch ?? null,
        inputs: request.inputs ?? {},
        status: 'queued',
        concurrencyGroup: group,
        admitted,
        priority: request.priority ?? 0,
        isDeployment: spec.deployment,
        timeoutSeconds: spec.timeoutSeconds,
      },
      steps,
    );
    await this.publish(execution, 'pipelines.execution.queued', admitted ? 'queued' : 'waiting');
    if (admitted) await this.advance(execution);
    return execution;
  }

  /**
   * Applies the DAG's next moves to a locked (or just created) execution: queues the steps whose
   * needs succeeded, skips the dependants of failures, finishes the execution when every step is
   * done and then admits the next waiting executions of its group.
   */
  async advance(execution: Execution): Promise<void> {
    const steps = await this.executions.steps(execution);
    const plan = planSteps(steps.map(stateOf));
    if (plan.skip.length) await this.executions.skipSteps(execution, plan.skip);
    if (plan.queue.length) {
      await this.executions.queueSteps(execution, plan.queue);
      this.signal.queued(execution.organizationId);
    }
    if (plan.outcome) {
      await this.executions.finish(execution, plan.outcome);
      await this.publish(execution, 'pipelines.execution.finished', plan.outcome);
      await this.releaseGroup(execution);
    }
  }

  /** Cancels (or times out) an unfinished execution and its steps. Answers false when it had already finished. */
  async stop(executionId: string, status: 'cancelled' | 'timed_out', reason: string, release = true): Promise<boolean> {
    const execution = await this.executions.lock(executionId);
    if (!execution || isExecutionFinished(execution.status)) return false;
    await this.executions.stopSteps(execution, status);
    await this.executions.finish(execution, status, reason);
    await this.publish(execution, 'pipelines.execution.finished', status, reason);
    if (release) await this.releaseGroup(execution);
    return true;
  }

  /** Re-runs only the failed steps (and their dependants) of a finished execution, as its next attempt. */
  async rerunFailed(execution: Execution, spec: PipelineSpec): Promise<StepExecution[]> {
    const steps = await this.executions.steps(execution);
    const rerun = stepsToRerun(steps.map(stateOf));
    if (rerun.length === 0) throw new DomainError(PIPELINES.NOTHING_TO_RERUN, `Execution ${execution.id} has no failed step to re-run`, { id: execution.id });
    await this.executions.resetSteps(execution, rerun);
    await this.executions.reopen(execution);
    const reopened: Execution = { ...execution, status: 'queued', admitted: false, finishedAt: null };
    let admitted = true;
    if (reopened.concurrencyGroup && spec.concurrency) {
      await this.executions.lockGroup(reopened.concurrencyGroup, spec.concurrency.limit);
      const counts = await this.executions.groupCounts(reopened.concurrencyGroup);
      // It counts itself as waiting now: admitted only if a slot is free and nobody waits before it.
      admitted = counts.admitted < spec.concurrency.limit && counts.waiting <= 1;
    }
    if (admitted) {
      await this.executions.admit(reopened);
      await this.advance({ ...reopened, admitted: true });
    }
    return steps.filter((s) => rerun.includes(s.id));
  }

  private publish(execution: Execution, type: 'pipelines.execution.queued' | 'pipelines.execution.finished', status: string, reason?: string) {
    const severity = status === 'failed' || status === 'timed_out' ? 'warning' : 'info';
    return this.facts.publish({ type, entityType: 'pipelineExecution', entityId: execution.id, severity, payload: factOf(execution, status, reason) });
  }

  /** Admits the oldest waiting executions of the finished execution's group, as many as slots are free. */
  private async releaseGroup(execution: Execution): Promise<void> {
    const group = execution.concurrencyGroup;
    if (!group) return;
    const limit = await this.executions.lockGroup(group);
    const counts = await this.executions.groupCounts(group);
    const slots = freeSlots(limit, counts.admitted);
    if (slots === 0 || counts.waiting === 0) return;
    for (const id of await this.executions.groupWaiting(group, slots)) {
      const waiting = await this.executions.lock(id);
      if (!waiting || waiting.admitted || isExecutionFinished(waiting.status)) continue;
      await this.executions.admit(waiting);
      await this.advance({ ...waiting, admitted: true });
    }
  }
}

/** The execution's notable fact for the event log. */
function factOf(execution: Execution, status: string, reason?: string) {
  return {
    status,
    pipelineId: execution.pipelineId,
    pipelineVersion: execution.pipelineVersion,
    projectId: execution.projectId,
    trigger: execution.trigger,
    branch: execution.branch,
    commitSha: execution.commitSha,
    runAttempt: execution.runAttempt,
    isDeployment: execution.isDeployment,
    ...(reason ? { reason } : {}),
  };
}

function stateOf(step: StepExecution) {
  return {
    id: step.id,
    key: step.key,
    needs: step.needs,
    status: step.status,
    attempt: step.attempt,
    maxAttempts: step.maxAttempts,
    retryExitCodes: step.retryExitCodes,
  };
}
