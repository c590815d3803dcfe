import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { AuthenticatedRunner, ClaimedStep, StepQueueRepository } from '../../application/step-queue.repository';
import { Execution, StepExecution } from '../../domain/execution';
import {
  APPEND_LOG,
  CLAIM_STEP,
  ExecutionRow,
  FINISH_STEP,
  GET_EXECUTION,
  HEARTBEAT,
  LOCK_EXECUTION,
  LOCK_HELD_STEP,
  LOCK_STEP_BY_ID,
  MARK_EXECUTION_RUNNING,
  READ_LOG,
  REQUEUE_STEP,
  RUNNER_ENTER,
  RUNNER_PEEK,
  STEP_BY_ID,
  StepRow,
} from './execution.sql';
import { toExecution, toStep } from './execution.sql-repository';

type HeldStep = StepExecution & { executionCreatedAt: string };

/** The runner side of the queue: SQL only (SKIP LOCKED claims under leases; execution.sql.ts). */
@Injectable()
export class StepQueueSqlRepository extends StepQueueRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async enterAsRunner(runnerId: string, secretHash: Buffer, scoped: boolean): Promise<AuthenticatedRunner | undefined> {
    const [row] = await this.transaction.query<{ organization_id: string; labels: string[] }>(RUNNER_ENTER, [runnerId, secretHash]);
    if (!row) return undefined;
    if (scoped) await this.transaction.enter({ organizationId: row.organization_id });
    return { id: runnerId, organizationId: row.organization_id, labels: row.labels };
  }

  async peek(runnerId: string, secretHash: Buffer): Promise<(AuthenticatedRunner & { hasWork: boolean }) | undefined> {
    if (this.transaction.active) throw new Error('The runner peek runs outside any transaction');
    const [row] = await this.transaction.query<{ organization_id: string; labels: string[]; has_work: boolean }>(RUNNER_PEEK, [runnerId, secretHash]);
    return row && { id: runnerId, organizationId: row.organization_id, labels: row.labels, hasWork: row.has_work };
  }

  async claim(runner: AuthenticatedRunner, leaseSeconds: number): Promise<ClaimedStep | undefined> {
    const [row] = await this.transaction.query<StepRow>(CLAIM_STEP, [runner.organizationId, runner.labels, runner.id, leaseSeconds]);
    if (!row) return undefined;
    let [execution] = await this.transaction.query<{
      commit_sha: string | null;
      branch: string | null;
      inputs: Record<string, unknown>;
      definition_id: string;
      definition_version: number;
      run_attempt: number;
    }>(MARK_EXECUTION_RUNNING, [runner.organizationId, row.execution_id, row.execution_created_key]);
    if (!execution) [execution] = await this.transaction.query<ExecutionRow>(GET_EXECUTION, [runner.organizationId, row.execution_id]);
    return {
      step: toStep(row),
      execution: {
        id: row.execution_id,
        pipelineId: execution.definition_id,
        pipelineVersion: execution.definition_version,
        commitSha: execution.commit_sha,
        branch: execution.branch,
        inputs: execution.inputs,
        runAttempt: execution.run_attempt,
      },
    };
  }

  async heartbeat(runnerId: string, stepId: string, leaseSeconds: number) {
    const [row] = await this.transaction.query<{ status: string; cancel_requested: boolean; lease_expires_at: Date | null }>(HEARTBEAT, [
      this.transaction.organizationId,
      stepId,
      runnerId,
      leaseSeconds,
    ]);
    return row && { status: row.status, cancelRequested: row.cancel_requested, leaseExpiresAt: row.lease_expires_at };
  }

  async lockHeld(runnerId: string, stepId: string): Promise<HeldStep | undefined> {
    const [row] = await this.transaction.query<StepRow>(LOCK_HELD_STEP, [this.transaction.organizationId, stepId, runnerId]);
    return row && { ...toStep(row), executionCreatedAt: row.execution_created_key };
  }

  async findStep(stepId: string): Promise<HeldStep | undefined> {
    const [row] = await this.transaction.query<StepRow>(STEP_BY_ID, [this.transaction.organizationId, stepId]);
    return row && { ...toStep(row), executionCreatedAt: row.execution_created_key };
  }

  async lockStep(stepId: string): Promise<HeldStep | undefined> {
    const [row] = await this.transaction.query<StepRow>(LOCK_STEP_BY_ID, [this.transaction.organizationId, stepId]);
    return row && { ...toStep(row), executionCreatedAt: row.execution_created_key };
  }

  async appendLog(step: StepExecution, seq: number, content: string, bytes: number): Promise<void> {
    await this.transaction.query(APPEND_LOG, [
      this.transaction.organizationId,
      step.id,
      step.attempt,
      seq,
      content,
      bytes,
      (step as HeldStep).executionCreatedAt,
    ]);
  }

  async readLog(stepId: string, attempt: number, fromSeq: number, limit: number) {
    return this.transaction.query<{ seq: number; content: string }>(READ_LOG, [this.transaction.organizationId, stepId, attempt, fromSeq, limit]);
  }

  async finishStep(step: StepExecution, status: 'succeeded' | 'failed' | 'timed_out', exitCode: number | null): Promise<void> {
    await this.transaction.query(FINISH_STEP, [this.transaction.organizationId, step.id, (step as HeldStep).executionCreatedAt, status, exitCode]);
  }

  async requeue(step: StepExecution, exitCode: number | null, priority: number): Promise<void> {
    await this.transaction.query(REQUEUE_STEP, [this.transaction.organizationId, step.id, (step as HeldStep).executionCreatedAt, exitCode, priority]);
  }

  async executionOf(step: StepExecution): Promise<Execution | undefined> {
    const [row] = await this.transaction.query<ExecutionRow>(LOCK_EXECUTION, [this.transaction.organizationId, step.executionId]);
    return row && toExecution(this.transaction.organizationId, row);
  }
}
