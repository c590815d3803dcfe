import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { ExecutionListQuery, ExecutionRepository, NewArtifact, NewExecution, NewStep } from '../../application/execution.repository';
import { Artifact, Execution, ExecutionStatus, StepExecution } from '../../domain/execution';
import { PIPELINES } from '../../domain/pipelines.errors';
import { DomainError } from '@switchyard/core';
import {
  ADMIT_EXECUTION,
  EXECUTION_COLUMNS,
  ExecutionRow,
  FINISH_EXECUTION,
  GET_EXECUTION,
  GROUP_ACTIVE,
  GROUP_COUNTS,
  GROUP_WAITING,
  INSERT_EXECUTION,
  INSERT_STEPS,
  LOCK_EXECUTION,
  LOCK_GROUP,
  QUEUE_STEPS,
  REOPEN_EXECUTION,
  RESET_FOR_RERUN,
  SKIP_STEPS,
  StepRow,
  STEPS_OF_EXECUTION,
  STOP_STEPS,
  LINK_TASK,
  ADD_EXTERNAL_RUN,
  TASK_EXISTS,
  UPDATE_MIRRORED_EXECUTION,
  UPDATE_MIRRORED_STEP,
  NEXT_STEP_POSITION,
} from './execution.sql';
import { PipelineArtifactEntity, PipelineExecutionTaskEntity, PipelineExternalRunEntity } from './pipeline-links.entity';

/** Executions and their steps: SQL (partitioned rows, row locks, set-based moves; execution.sql.ts). */
@Injectable()
export class ExecutionSqlRepository extends ExecutionRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  async insert(e: NewExecution, steps: NewStep[]): Promise<Execution> {
    const [row] = await this.transaction.query<ExecutionRow>(INSERT_EXECUTION, [
      this.org,
      e.pipelineId,
      e.pipelineVersion,
      e.projectId,
      e.trigger,
      e.actor?.type ?? null,
      e.actor?.id ?? null,
      e.event,
      e.commitSha,
      e.branch,
      e.inputs,
      e.status,
      e.concurrencyGroup,
      e.admitted ? new Date() : null,
      e.priority,
      e.isDeployment,
      e.timeoutSeconds,
      e.admitted ? new Date(Date.now() + e.timeoutSeconds * 1000) : null,
      e.externalUrl ?? null,
      e.reason ?? null,
      e.startedAt ?? null,
      e.finishedAt ?? null,
      e.createdAt ?? null,
    ]);
    if (steps.length) {
      await this.transaction.query(INSERT_STEPS, [
        this.org,
        row.id,
        row.created_key,
        JSON.stringify(
          steps.map((s) => ({
            key: s.key,
            name: s.name,
            stage: s.stage,
            position: s.position,
            needs: s.needs,
            labels: s.labels,
            max_attempts: s.maxAttempts,
            retry_exit_codes: s.retryExitCodes,
            timeout_seconds: s.timeoutSeconds,
            spec: s.spec,
            status: s.status ?? null,
            external_id: s.externalId ?? null,
            exit_code: s.exitCode ?? null,
            started_at: s.startedAt ?? null,
            finished_at: s.finishedAt ?? null,
          })),
        ),
      ]);
    }
    return this.toExecution(row);
  }

  async get(id: string): Promise<Execution | undefined> {
    const [row] = await this.transaction.query<ExecutionRow>(GET_EXECUTION, [this.org, id]);
    return row && this.toExecution(row);
  }

  async lock(id: string): Promise<Execution | undefined> {
    const [row] = await this.transaction.query<ExecutionRow>(LOCK_EXECUTION, [this.org, id]);
    return row && this.toExecution(row);
  }

  async list(query: ExecutionListQuery): Promise<Page<Execution>> {
    const params: unknown[] = [this.org];
    const p = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    if (query.pipelineId) filters.push(`e.definition_id = ${p(query.pipelineId)}`);
    if (query.projectId) filters.push(`e.project_id = ${p(query.projectId)}`);
    if (query.branch) filters.push(`e.branch = ${p(query.branch)}`);
    if (query.status) filters.push(`e.status = ${p(query.status)}`);
    if (query.taskId)
      filters.push(
        `(e.id, e.created_at) in (select l.execution_id, l.execution_created_at from pipeline_execution_tasks l where l.organization_id = $1 and l.task_id = ${p(query.taskId)})`,
      );
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      const cursorAt = p(at);
      // The plain bound lets the executor prune newer partitions (a row comparison does not).
      filters.push(`e.created_at <= ${cursorAt}::timestamptz and (e.created_at, e.id) < (${cursorAt}::timestamptz, ${p(id)}::uuid)`);
    }
    const sql = `select ${EXECUTION_COLUMNS} from pipeline_executions e where e.organization_id = $1 ${filters.map((f) => `and ${f}`).join(' ')}
      order by e.created_at desc, e.id desc limit ${p(query.limit + 1)}`;
    const rows = await this.transaction.query<ExecutionRow>(sql, params);
    const page = toPage(rows, query.limit, (last) => [last.cursor_at, last.id]);
    return { items: page.items.map((row) => this.toExecution(row)), nextCursor: page.nextCursor };
  }

  async steps(execution: Execution): Promise<StepExecution[]> {
    const rows = await this.transaction.query<StepRow>(STEPS_OF_EXECUTION, [this.org, execution.id, execution.partitionKey]);
    return rows.map(toStep);
  }

  async queueSteps(execution: Execution, stepIds: string[]): Promise<void> {
    await this.transaction.query(QUEUE_STEPS, [this.org, execution.partitionKey, stepIds, execution.priority]);
  }

  async skipSteps(execution: Execution, stepIds: string[]): Promise<void> {
    await this.transaction.query(SKIP_STEPS, [this.org, execution.partitionKey, stepIds]);
  }

  async stopSteps(execution: Execution, status: 'cancelled' | 'timed_out'): Promise<void> {
    await this.transaction.query(STOP_STEPS, [this.org, execution.id, execution.partitionKey, status]);
  }

  async finish(execution: Execution, status: ExecutionStatus, reason?: string | null): Promise<void> {
    await this.transaction.query(FINISH_EXECUTION, [this.org, execution.id, execution.partitionKey, status, reason ?? null]);
  }

  async admit(execution: Execution): Promise<void> {
    await this.transaction.query(ADMIT_EXECUTION, [this.org, execution.id, execution.partitionKey]);
  }

  async resetSteps(execution: Execution, stepIds: string[]): Promise<void> {
    await this.transaction.query(RESET_FOR_RERUN, [this.org, execution.partitionKey, stepIds]);
  }

  async reopen(execution: Execution): Promise<void> {
    await this.transaction.query(REOPEN_EXECUTION, [this.org, execution.id, execution.partitionKey]);
  }

  async lockGroup(group: string, limit?: number): Promise<number> {
    const [row] = await this.transaction.query<{ max_running: number }>(LOCK_GROUP, [this.org, group, limit ?? null]);
    return row.max_running;
  }

  async groupCounts(group: string): Promise<{ admitted: number; waiting: number }> {
    const [row] = await this.transaction.query<{ admitted: number; waiting: number }>(GROUP_COUNTS, [this.org, group]);
    return row;
  }

  async groupActive(group: string, exceptId: string): Promise<string[]> {
    return (await this.transaction.query<{ id: string }>(GROUP_ACTIVE, [this.org, group, exceptId])).map((r) => r.id);
  }

  async groupWaiting(group: string, limit: number): Promise<string[]> {
    return (await this.transaction.query<{ id: string }>(GROUP_WAITING, [this.org, group, limit])).map((r) => r.id);
  }

  async linkTask(execution: Execution, taskId: string): Promise<void> {
    try {
      await this.transaction.query(LINK_TASK, [this.org, execution.id, execution.partitionKey, taskId]);
    } catch (error) {
      if (violatedConstraint(error, '23503') === 'pipeline_execution_tasks_task_fkey')
        throw new DomainError(PIPELINES.TASK_NOT_FOUND, `Task ${taskId} was not found`, { entity: 'task', id: taskId });
      throw error;
    }
  }

  async unlinkTask(executionId: string, taskId: string): Promise<boolean> {
    const result = await this.transaction.manager.getRepository(PipelineExecutionTaskEntity).delete({ organizationId: this.org, executionId, taskId });
    return (result.affected ?? 0) > 0;
  }

  async tasksOf(executionId: string): Promise<string[]> {
    const rows = await this.transaction.manager
      .getRepository(PipelineExecutionTaskEntity)
      .find({ where: { organizationId: this.org, executionId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => r.taskId);
  }

  async taskExists(taskId: string): Promise<boolean> {
    const rows = await this.transaction.query(TASK_EXISTS, [this.org, taskId]);
    return rows.length > 0;
  }

  async artifacts(executionId: string): Promise<Artifact[]> {
    const rows = await this.transaction.manager
      .getRepository(PipelineArtifactEntity)
      .find({ where: { organizationId: this.org, executionId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      executionId: r.executionId,
      stepId: r.stepId,
      name: r.name,
      sizeBytes: Number(r.sizeBytes),
      checksum: r.checksum,
      storageUri: r.storageUri,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
    }));
  }

  async addArtifacts(execution: Execution, artifacts: NewArtifact[]): Promise<void> {
    if (!artifacts.length) return;
    await this.transaction.manager.getRepository(PipelineArtifactEntity).insert(
      artifacts.map((a) => ({
        organizationId: this.org,
        executionId: execution.id,
        stepId: a.stepId,
        name: a.name,
        sizeBytes: String(a.sizeBytes),
        checksum: a.checksum,
        storageUri: a.storageUri,
        expiresAt: a.expiresAt,
      })),
    );
  }

  async findExternal(provider: 'github', externalId: string): Promise<string | undefined> {
    const row = await this.transaction.manager.getRepository(PipelineExternalRunEntity).findOneBy({ organizationId: this.org, provider, externalId });
    return row?.executionId;
  }

  async addExternal(provider: 'github', externalId: string, execution: Execution): Promise<void> {
    await this.transaction.query(ADD_EXTERNAL_RUN, [this.org, provider, externalId, execution.id, execution.partitionKey]);
  }

  async updateMirrored(execution: Execution, change: { status: ExecutionStatus; startedAt: Date | null; finishedAt: Date | null }): Promise<void> {
    await this.transaction.query(UPDATE_MIRRORED_EXECUTION, [
      this.org,
      execution.id,
      execution.partitionKey,
      change.status,
      change.startedAt,
      change.finishedAt,
    ]);
  }

  async upsertMirroredStep(execution: Execution, step: NewStep & { externalId: string }): Promise<void> {
    const updated = await this.transaction.query(UPDATE_MIRRORED_STEP, [
      this.org,
      execution.id,
      execution.partitionKey,
      step.externalId,
      step.status,
      step.exitCode ?? null,
      step.startedAt ?? null,
      step.finishedAt ?? null,
      step.name,
    ]);
    if (updated.length) return;
    const [{ position }] = await this.transaction.query<{ position: number }>(NEXT_STEP_POSITION, [this.org, execution.id, execution.partitionKey]);
    await this.transaction.query(INSERT_STEPS, [
      this.org,
      execution.id,
      execution.partitionKey,
      JSON.stringify([
        {
          key: step.key,
          name: step.name,
          stage: step.stage,
          position,
          needs: [],
          labels: [],
          max_attempts: 1,
          retry_exit_codes: [],
          timeout_seconds: step.timeoutSeconds,
          spec: step.spec,
          status: step.status,
          external_id: step.externalId,
          exit_code: step.exitCode ?? null,
          started_at: step.startedAt ?? null,
          finished_at: step.finishedAt ?? null,
        },
      ]),
    ]);
  }

  private toExecution(row: ExecutionRow): Execution {
    return toExecution(this.org, row);
  }
}

export function toExecution(organizationId: string, row: ExecutionRow): Execution {
  return {
    id: row.id,
    organizationId,
    pipelineId: row.definition_id,
    pipelineVersion: row.definition_version,
    projectId: row.project_id,
    trigger: row.trigger as Execution['trigger'],
    actor: row.actor_type ? { type: row.actor_type as 'user', id: row.actor_id } : null,
    commitSha: row.commit_sha,
    branch: row.branch,
    inputs: row.inputs,
    status: row.status as Execution['status'],
    concurrencyGroup: row.concurrency_group,
    admitted: row.admitted_at !== null,
    priority: row.priority,
    isDeployment: row.is_deployment,
    runAttempt: row.run_attempt,
    timeoutSeconds: row.timeout_seconds,
    deadlineAt: row.deadline_at,
    reason: row.reason,
    externalUrl: row.external_url,
    templateVersionId: row.template_version_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    partitionKey: row.created_key,
  };
}

export function toStep(row: StepRow): StepExecution {
  return {
    id: row.id,
    executionId: row.execution_id,
    key: row.key,
    name: row.name,
    stage: row.stage,
    position: row.position,
    needs: row.needs,
    labels: row.labels,
    status: row.status as StepExecution['status'],
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    retryExitCodes: row.retry_exit_codes,
    timeoutSeconds: row.timeout_seconds,
    spec: row.spec,
    runnerId: row.runner_id,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequested: row.cancel_requested,
    exitCode: row.exit_code,
    logChunks: row.log_chunks,
    logBytes: Number(row.log_bytes),
    externalId: row.external_id,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
