import { Injectable } from '@nestjs/common';
import { PipelineAudit } from './ports';
import { Actor, DomainError, Page } from '@switchyard/core';
import { Artifact, Execution, ExecutionStatus, isExecutionFinished, StepExecution } from '../domain/execution';
import { resolveInputs } from '../domain/pipeline-spec';
import { ExecutionNotFoundError, PIPELINES } from '../domain/pipelines.errors';
import { ExecutionEngine } from './execution-engine';
import { ExecutionListQuery, ExecutionRepository } from './execution.repository';
import { PipelineDefinitionRepository } from './pipeline-definition.repository';
import { PipelinesService } from './pipelines.service';
import { StepQueueRepository } from './step-queue.repository';

export interface ManualTrigger {
  branch?: string;
  commitSha?: string;
  inputs?: Record<string, unknown>;
  priority?: number;
  taskIds?: string[];
}

export type ExecutionView = Omit<Execution, 'partitionKey'>;

/** What the API shows of an execution (the partition key is the storage's business). */
function view({ partitionKey: _key, ...execution }: Execution): ExecutionView {
  return execution;
}

export interface ExecutionDetail extends ExecutionView {
  steps: StepExecution[];
  taskIds: string[];
}

/** Executions as people see them: manual trigger, list, read, cancel, re-run the failed steps, task links, logs, artifacts. */
@Injectable()
export class ExecutionsService {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly definitions: PipelineDefinitionRepository,
    private readonly pipelines: PipelinesService,
    private readonly engine: ExecutionEngine,
    private readonly queue: StepQueueRepository,
    private readonly audit: PipelineAudit,
  ) {}

  async trigger(actor: Actor, pipelineId: string, request: ManualTrigger): Promise<ExecutionDetail> {
    const definition = await this.pipelines.get(pipelineId);
    if (definition.archivedAt) throw new DomainError(PIPELINES.ARCHIVED, `Pipeline ${pipelineId} is archived`, { id: pipelineId });
    if (!definition.spec.triggers.manual)
      throw new DomainError(PIPELINES.NOT_TRIGGERABLE, `Pipeline ${pipelineId} has no manual trigger`, { id: pipelineId, trigger: 'manual' });
    const inputs = resolveInputs(definition.spec, request.inputs ?? {});
    for (const taskId of request.taskIds ?? [])
      if (!(await this.executions.taskExists(taskId)))
        throw new DomainError(PIPELINES.TASK_NOT_FOUND, `Task ${taskId} was not found`, { entity: 'task', id: taskId, field: 'taskIds' });
    const execution = await this.engine.start({
      definition,
      version: definition.currentVersion,
      spec: definition.spec,
      trigger: 'manual',
      actor: { type: actor.type === 'api_key' ? 'api_key' : 'user', id: actor.id ?? null },
      commitSha: request.commitSha ?? null,
      branch: request.branch ?? null,
      inputs,
      priority: request.priority ?? 0,
    });
    for (const taskId of request.taskIds ?? []) await this.executions.linkTask(execution, taskId);
    return this.get(execution.id);
  }

  async get(id: string): Promise<ExecutionDetail> {
    const execution = await this.executions.get(id);
    if (!execution) throw new ExecutionNotFoundError(id);
    const [steps, taskIds] = [await this.executions.steps(execution), await this.executions.tasksOf(id)];
    return { ...view(execution), steps, taskIds };
  }

  async list(query: ExecutionListQuery): Promise<Page<ExecutionView>> {
    const page = await this.executions.list(query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async cancel(id: string, reason?: string): Promise<ExecutionDetail> {
    const execution = await this.executions.get(id);
    if (!execution) throw new ExecutionNotFoundError(id);
    const stopped = await this.engine.stop(id, 'cancelled', reason ?? 'Cancelled');
    if (!stopped)
      throw new DomainError(PIPELINES.ALREADY_FINISHED, `Execution ${id} has already finished (${execution.status})`, { id, status: execution.status });
    await this.audit.record({
      action: 'cancel',
      entityType: 'pipelineExecution',
      entityId: id,
      before: { status: execution.status },
      after: { status: 'cancelled' },
    });
    return this.get(id);
  }

  async rerunFailed(id: string): Promise<ExecutionDetail> {
    const execution = await this.executions.lock(id);
    if (!execution) throw new ExecutionNotFoundError(id);
    if (!isExecutionFinished(execution.status))
      throw new DomainError(PIPELINES.NOTHING_TO_RERUN, `Execution ${id} is still ${execution.status}`, { id, status: execution.status });
    const version = await this.definitions.version(execution.pipelineId, execution.pipelineVersion);
    if (!version) throw new ExecutionNotFoundError(id);
    await this.engine.rerunFailed(execution, version.spec);
    await this.audit.record({
      action: 'rerun',
      entityType: 'pipelineExecution',
      entityId: id,
      before: { status: execution.status },
      after: { status: 'queued' },
    });
    return this.get(id);
  }

  async linkTask(id: string, taskId: string): Promise<ExecutionDetail> {
    const execution = await this.executions.get(id);
    if (!execution) throw new ExecutionNotFoundError(id);
    if (!(await this.executions.taskExists(taskId)))
      throw new DomainError(PIPELINES.TASK_NOT_FOUND, `Task ${taskId} was not found`, { entity: 'task', id: taskId });
    await this.executions.linkTask(execution, taskId);
    return this.get(id);
  }

  async unlinkTask(id: string, taskId: string): Promise<void> {
    if (!(await this.executions.get(id))) throw new ExecutionNotFoundError(id);
    if (!(await this.executions.unlinkTask(id, taskId)))
      throw new DomainError(PIPELINES.TASK_NOT_FOUND, `Execution ${id} is not linked to task ${taskId}`, { id: taskId });
  }

  async artifacts(id: string): Promise<Artifact[]> {
    if (!(await this.executions.get(id))) throw new ExecutionNotFoundError(id);
    return this.executions.artifacts(id);
  }

  async log(id: string, stepId: string, attempt: number | undefined, fromSeq: number, limit: number) {
    const step = await this.queue.findStep(stepId);
    if (!step || step.executionId !== id) throw new DomainError(PIPELINES.STEP_NOT_FOUND, `Step ${stepId} of execution ${id} was not found`, { id: stepId });
    const chosen = attempt ?? Math.max(step.attempt, 1);
    const chunks = await this.queue.readLog(stepId, chosen, fromSeq, limit);
    const last = chunks.at(-1);
    return { stepId, attempt: chosen, chunks, nextSeq: last ? last.seq + 1 : fromSeq, complete: step.finishedAt !== null && chunks.length < limit };
  }
}

export type { ExecutionStatus };
