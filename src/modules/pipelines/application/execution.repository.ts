import { Page } from '@switchyard/core';
import { Artifact, Execution, ExecutionActor, ExecutionStatus, StepExecution, StepStatus, Trigger } from '../domain/execution';

export interface NewStep {
  key: string;
  name: string;
  stage: string | null;
  position: number;
  needs: string[];
  labels: string[];
  maxAttempts: number;
  retryExitCodes: number[];
  timeoutSeconds: number;
  spec: Record<string, unknown>;
  status?: StepStatus;
  externalId?: string | null;
  exitCode?: number | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

export interface NewExecution {
  pipelineId: string;
  pipelineVersion: number;
  projectId: string;
  trigger: Trigger;
  actor: ExecutionActor | null;
  event: Record<string, unknown>;
  commitSha: string | null;
  branch: string | null;
  inputs: Record<string, unknown>;
  status: ExecutionStatus;
  concurrencyGroup: string | null;
  admitted: boolean;
  priority: number;
  isDeployment: boolean;
  timeoutSeconds: number;
  externalUrl?: string | null;
  reason?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  createdAt?: Date | null;
}

export interface ExecutionListQuery {
  limit: number;
  cursor?: string;
  pipelineId?: string;
  projectId?: string;
  branch?: string;
  status?: ExecutionStatus;
  taskId?: string;
}

export interface NewArtifact {
  stepId: string | null;
  name: string;
  sizeBytes: number;
  checksum: string | null;
  storageUri: string;
  expiresAt: Date;
}

/** Executions, their steps' plan, concurrency groups, task links, artifacts, mirrors (port). */
export abstract class ExecutionRepository {
  abstract insert(execution: NewExecution, steps: NewStep[]): Promise<Execution>;
  abstract get(id: string): Promise<Execution | undefined>;
  /** Locks the execution row: every change of its plan runs under this lock. */
  abstract lock(id: string): Promise<Execution | undefined>;
  abstract list(query: ExecutionListQuery): Promise<Page<Execution>>;
  abstract steps(execution: Execution): Promise<StepExecution[]>;
  abstract queueSteps(execution: Execution, stepIds: string[]): Promise<void>;
  abstract skipSteps(execution: Execution, stepIds: string[]): Promise<void>;
  /** Cancels or times out every unfinished step (running ones learn it at their next heartbeat). */
  abstract stopSteps(execution: Execution, status: 'cancelled' | 'timed_out'): Promise<void>;
  abstract finish(execution: Execution, status: ExecutionStatus, reason?: string | null): Promise<void>;
  abstract admit(execution: Execution): Promise<void>;
  abstract resetSteps(execution: Execution, stepIds: string[]): Promise<void>;
  abstract reopen(execution: Execution): Promise<void>;
  /**
   * Takes the concurrency group's row lock for the rest of the transaction (creating the group on
   * first use) and answers its limit; `limit` given updates it (the starting execution's spec).
   */
  abstract lockGroup(group: string, limit?: number): Promise<number>;
  abstract groupCounts(group: string): Promise<{ admitted: number; waiting: number }>;
  abstract groupActive(group: string, exceptId: string): Promise<string[]>;
  abstract groupWaiting(group: string, limit: number): Promise<string[]>;
  abstract linkTask(execution: Execution, taskId: string): Promise<void>;
  abstract unlinkTask(executionId: string, taskId: string): Promise<boolean>;
  abstract tasksOf(executionId: string): Promise<string[]>;
  abstract taskExists(taskId: string): Promise<boolean>;
  abstract artifacts(executionId: string): Promise<Artifact[]>;
  abstract addArtifacts(execution: Execution, artifacts: NewArtifact[]): Promise<void>;
  abstract findExternal(provider: 'github', externalId: string): Promise<string | undefined>;
  abstract addExternal(provider: 'github', externalId: string, execution: Execution): Promise<void>;
  abstract updateMirrored(execution: Execution, change: { status: ExecutionStatus; startedAt: Date | null; finishedAt: Date | null }): Promise<void>;
  abstract upsertMirroredStep(execution: Execution, step: NewStep & { externalId: string }): Promise<void>;
}
