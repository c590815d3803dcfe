import { InvalidRunTransitionError } from './agents.errors';

/** SPEC §2.5: queued → running → completed | failed | cancelled. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const OPEN_STATUSES: readonly RunStatus[] = ['queued', 'running'];
export const SOURCE_TYPES = ['api', 'handoff', 'ready_queue'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'failed', 'cancelled'],
  running: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function isTerminal(status: RunStatus): boolean {
  return RUN_TRANSITIONS[status].length === 0;
}

export function assertRunTransition(from: RunStatus, to: RunStatus): void {
  if (!RUN_TRANSITIONS[from].includes(to)) throw new InvalidRunTransitionError(from, to);
}

export interface PullRequestLink {
  url: string;
  title: string | null;
  number: number | null;
}

export interface AgentRun {
  id: string;
  organizationId: string;
  agentId: string;
  taskId: string | null;
  templateVersionId: string | null;
  prompt: string;
  context: Record<string, unknown>;
  sourceType: SourceType;
  status: RunStatus;
  externalRunId: string | null;
  webUrl: string | null;
  result: string | null;
  summary: string | null;
  pullRequests: PullRequestLink[];
  error: string | null;
  attempts: number;
  polls: number;
  step: number;
  nextCheckAt: Date | null;
  submittedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  timeoutAt: Date | null;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedCostUsd: number;
  reportedTokens: number | null;
  reportedCostUsd: number | null;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a run costs for budgets: the provider's figure when it gave one, else the estimate. */
export function costOf(run: Pick<AgentRun, 'estimatedCostUsd' | 'reportedCostUsd'>): number {
  return run.reportedCostUsd ?? run.estimatedCostUsd;
}

/**
 * The worker polls a running run less and less often: base × 1.5^polls, capped. A long run
 * costs a handful of reads an hour instead of hundreds, under the provider's read limit.
 */
export function pollDelayMs(polls: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(baseMs * Math.pow(1.5, Math.min(polls, 40))));
}

/** Retries of a provider error back off: base × 2^attempt, capped, never below a Retry-After. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, Math.min(maxMs, baseMs * Math.pow(2, Math.min(attempt, 20))));
}
