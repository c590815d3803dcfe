import { Execution, StepExecution } from '../domain/execution';

export interface ClaimedStep {
  step: StepExecution;
  execution: {
    id: string;
    pipelineId: string;
    pipelineVersion: number;
    commitSha: string | null;
    branch: string | null;
    inputs: Record<string, unknown>;
    runAttempt: number;
  };
}

export interface AuthenticatedRunner {
  id: string;
  organizationId: string;
  labels: string[];
}

/** What runners do with queued steps (port): claims under leases, heartbeats, logs, results. */
export abstract class StepQueueRepository {
  /**
   * Checks a runner's token and scopes the current transaction to its organization (RLS: the
   * check sets the tenant setting itself); `scoped` also makes it the transaction's tenant for
   * repositories (one more statement; the claim passes the organization explicitly instead).
   * Undefined when refused.
   */
  abstract enterAsRunner(runnerId: string, secretHash: Buffer, scoped: boolean): Promise<AuthenticatedRunner | undefined>;
  /**
   * Outside any transaction, one statement: checks the runner's token against the live row (and
   * records it as seen) and tells whether its organization has queued work its labels match.
   * What makes an idle long-poll cheap: the claim's transaction is opened only when there is work.
   * Undefined when refused.
   */
  abstract peek(runnerId: string, secretHash: Buffer): Promise<(AuthenticatedRunner & { hasWork: boolean }) | undefined>;
  abstract claim(runner: AuthenticatedRunner, leaseSeconds: number): Promise<ClaimedStep | undefined>;
  abstract heartbeat(
    runnerId: string,
    stepId: string,
    leaseSeconds: number,
  ): Promise<{ status: string; cancelRequested: boolean; leaseExpiresAt: Date | null } | undefined>;
  /** The step, locked, if this runner holds it. */
  abstract lockHeld(runnerId: string, stepId: string): Promise<StepExecution | undefined>;
  abstract findStep(stepId: string): Promise<(StepExecution & { executionCreatedAt: string }) | undefined>;
  abstract lockStep(stepId: string): Promise<(StepExecution & { executionCreatedAt: string }) | undefined>;
  abstract appendLog(step: StepExecution, seq: number, content: string, bytes: number): Promise<void>;
  abstract readLog(stepId: string, attempt: number, fromSeq: number, limit: number): Promise<Array<{ seq: number; content: string }>>;
  abstract finishStep(step: StepExecution, status: 'succeeded' | 'failed' | 'timed_out', exitCode: number | null): Promise<void>;
  abstract requeue(step: StepExecution, exitCode: number | null, priority: number): Promise<void>;
  abstract executionOf(step: StepExecution): Promise<Execution | undefined>;
}
