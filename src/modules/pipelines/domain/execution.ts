import { ConcurrencyPolicy } from './pipeline-spec';

export const EXECUTION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export const STEP_STATUSES = ['pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'skipped'] as const;
export const TRIGGERS = ['manual', 'push', 'pull_request', 'schedule', 'external'] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];
export type Trigger = (typeof TRIGGERS)[number];

const EXECUTION_MOVES: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  queued: ['running', 'succeeded', 'failed', 'cancelled', 'timed_out'],
  running: ['succeeded', 'failed', 'cancelled', 'timed_out'],
  // A re-run of failed steps puts a finished execution back in the queue.
  succeeded: [],
  failed: ['queued'],
  cancelled: ['queued'],
  timed_out: ['queued'],
};

const STEP_MOVES: Record<StepStatus, readonly StepStatus[]> = {
  pending: ['queued', 'skipped', 'cancelled'],
  queued: ['running', 'cancelled', 'timed_out'],
  // Back to queued: a retry by exit code or a lost lease.
  running: ['succeeded', 'failed', 'cancelled', 'timed_out', 'queued'],
  succeeded: [],
  failed: ['pending'],
  cancelled: ['pending'],
  timed_out: ['pending'],
  skipped: ['pending'],
};

export const FINISHED_EXECUTION: readonly ExecutionStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];
export const FINISHED_STEP: readonly StepStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped'];
const UNSUCCESSFUL_STEP: readonly StepStatus[] = ['failed', 'cancelled', 'timed_out', 'skipped'];

export const isExecutionFinished = (status: ExecutionStatus) => FINISHED_EXECUTION.includes(status);
export const isStepFinished = (status: StepStatus) => FINISHED_STEP.includes(status);
export const canMoveExecution = (from: ExecutionStatus, to: ExecutionStatus) => EXECUTION_MOVES[from].includes(to);
export const canMoveStep = (from: StepStatus, to: StepStatus) => STEP_MOVES[from].includes(to);

/** What the scheduler needs to know of a step. */
export interface StepState {
  id: string;
  key: string;
  needs: string[];
  status: StepStatus;
  attempt: number;
  maxAttempts: number;
  retryExitCodes: number[];
}

/**
 * Whether a finished attempt is tried again: a non-zero exit code, attempts left, and the code
 * among the step's retry codes (no codes listed: any non-zero code retries, like Buildkite's `*`).
 */
export function shouldRetry(step: Pick<StepState, 'attempt' | 'maxAttempts' | 'retryExitCodes'>, exitCode: number): boolean {
  if (exitCode === 0 || step.attempt >= step.maxAttempts) return false;
  return step.retryExitCodes.length === 0 || step.retryExitCodes.includes(exitCode);
}

export interface Plan {
  /** Pending steps whose needs all succeeded: to the queue. */
  queue: string[];
  /** Pending steps with a need that did not succeed: skipped. */
  skip: string[];
  /** The execution's final status once every step is finished, else undefined. */
  outcome?: Extract<ExecutionStatus, 'succeeded' | 'failed' | 'cancelled'>;
}

/** The next moves of an execution's DAG after a change (pure: the caller applies them). */
export function planSteps(steps: StepState[]): Plan {
  const status = new Map(steps.map((s) => [s.key, s.status]));
  const queue: string[] = [];
  const skip: string[] = [];
  // Skips cascade down the DAG: repeat until nothing moves.
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of steps) {
      if (status.get(step.key) !== 'pending') continue;
      const needs = step.needs.map((n) => status.get(n));
      if (needs.some((s) => s && UNSUCCESSFUL_STEP.includes(s))) {
        status.set(step.key, 'skipped');
        skip.push(step.id);
        changed = true;
      } else if (needs.every((s) => s === 'succeeded')) {
        status.set(step.key, 'queued');
        queue.push(step.id);
        changed = true;
      }
    }
  }
  const finals = [...status.values()];
  let outcome: Plan['outcome'];
  if (finals.every((s) => isStepFinished(s))) {
    if (finals.some((s) => s === 'failed' || s === 'timed_out')) outcome = 'failed';
    else if (finals.some((s) => s === 'cancelled')) outcome = 'cancelled';
    else if (finals.some((s) => s === 'skipped')) outcome = 'failed';
    else outcome = 'succeeded';
  }
  return { queue, skip, outcome };
}

/**
 * The steps a re-run of the failed ones touches: every failed, timed-out or cancelled step and
 * everything that depends on one of them (transitively). Succeeded steps outside that set keep
 * their result. Empty when nothing failed.
 */
export function stepsToRerun(steps: StepState[]): string[] {
  const rerun = new Set(steps.filter((s) => s.status === 'failed' || s.status === 'timed_out' || s.status === 'cancelled').map((s) => s.key));
  if (rerun.size === 0) return [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of steps) {
      if (!rerun.has(step.key) && step.needs.some((n) => rerun.has(n))) {
        rerun.add(step.key);
        changed = true;
      }
    }
  }
  return steps.filter((s) => rerun.has(s.key)).map((s) => s.id);
}

export type Admission = { decision: 'admit' } | { decision: 'wait' } | { decision: 'refuse' } | { decision: 'admit-cancelling'; cancel: 'all' };

/**
 * Whether a new execution of a concurrency group may start now, given the group's admitted
 * (running) and waiting executions, counted under the group's lock.
 * - `limit`: at most `limit` admitted; the rest wait, FIFO (Buildkite's concurrency groups);
 * - `queue`: the same, but at most `maxQueued` wait; one more is refused (never silently dropped);
 * - `cancel-in-progress`: the newcomer cancels the group's admitted and waiting executions (GitHub/GitLab).
 */
export function admit(policy: ConcurrencyPolicy, limit: number, maxQueued: number, admitted: number, waiting: number): Admission {
  if (policy === 'cancel-in-progress') return admitted + waiting === 0 ? { decision: 'admit' } : { decision: 'admit-cancelling', cancel: 'all' };
  if (admitted < limit && waiting === 0) return { decision: 'admit' };
  if (policy === 'queue' && waiting >= maxQueued) return { decision: 'refuse' };
  if (waiting >= maxQueued) return { decision: 'refuse' };
  return { decision: 'wait' };
}

/** How many waiting executions a group can admit now. */
export function freeSlots(limit: number, admitted: number): number {
  return Math.max(0, limit - admitted);
}

export interface ExecutionActor {
  type: 'user' | 'api_key' | 'integration' | 'system';
  id: string | null;
}

/** An execution as the module speaks of it. `createdAt` is also its partition key. */
export interface Execution {
  id: string;
  organizationId: string;
  pipelineId: string;
  pipelineVersion: number;
  projectId: string;
  trigger: Trigger;
  actor: ExecutionActor | null;
  commitSha: string | null;
  branch: string | null;
  inputs: Record<string, unknown>;
  status: ExecutionStatus;
  concurrencyGroup: string | null;
  /** False while it waits for a slot of its concurrency group. */
  admitted: boolean;
  priority: number;
  isDeployment: boolean;
  runAttempt: number;
  timeoutSeconds: number;
  deadlineAt: Date | null;
  reason: string | null;
  externalUrl: string | null;
  templateVersionId: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** created_at exactly as stored (microseconds, which a Date loses): the partition key in every statement. */
  partitionKey: string;
}

export interface StepExecution {
  id: string;
  executionId: string;
  key: string;
  name: string;
  stage: string | null;
  position: number;
  needs: string[];
  labels: string[];
  status: StepStatus;
  attempt: number;
  maxAttempts: number;
  retryExitCodes: number[];
  timeoutSeconds: number;
  spec: Record<string, unknown>;
  runnerId: string | null;
  leaseExpiresAt: Date | null;
  cancelRequested: boolean;
  exitCode: number | null;
  logChunks: number;
  logBytes: number;
  externalId: string | null;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface Artifact {
  id: string;
  executionId: string;
  stepId: string | null;
  name: string;
  sizeBytes: number;
  checksum: string | null;
  storageUri: string;
  expiresAt: Date;
  createdAt: Date;
}

/** Whether an artifact's storage URI uses an allowed scheme (never file:, javascript:, data:...). */
export function artifactUriAllowed(uri: string, schemes: readonly string[]): boolean {
  const match = /^([a-z][a-z0-9+.-]*):\/\/[^\s]+$/i.exec(uri);
  return !!match && schemes.includes(match[1].toLowerCase());
}
