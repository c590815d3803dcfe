import { Page } from '@switchyard/core';
import { AgentRun, RunStatus, SourceType } from '../domain/agent-run';

export interface NewRun {
  id: string;
  agentId: string;
  taskId: string | null;
  prompt: string;
  context: Record<string, unknown>;
  sourceType: SourceType;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedCostUsd: number;
  templateVersionId: string | null;
  createdBy: string | null;
}

export interface RunQuery {
  limit: number;
  cursor?: string;
  agentId?: string;
  taskId?: string;
  status?: RunStatus[];
}

export interface RunStats {
  agentId: string | null;
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  open: number;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  estimatedCostUsd: number;
  reportedCostUsd: number | null;
  completedTasks: number;
}

/** Runs of the current organization. */
export abstract class AgentRunRepository {
  abstract insert(run: NewRun): Promise<AgentRun>;
  abstract find(id: string, options?: { lock?: boolean }): Promise<AgentRun | undefined>;
  abstract list(query: RunQuery): Promise<Page<AgentRun>>;
  abstract save(run: AgentRun): Promise<AgentRun>;
  /**
   * Serializes the decisions that count the organization's runs (budget, concurrency): held until
   * the transaction ends, so 20 simultaneous starts are decided one after the other.
   */
  abstract lockOrganization(): Promise<void>;
  /** Cost of the runs created since `since` (reported when known, else estimated), in the organization and of one agent. */
  abstract spendSince(since: Date, agentId: string): Promise<{ organizationUsd: number; agentUsd: number }>;
  /** Runs holding a provider slot (status running), in the organization and of one agent. */
  abstract runningCounts(agentId: string): Promise<{ organization: number; agent: number }>;
  abstract openCount(agentId: string): Promise<number>;
  /** The oldest queued runs of the organization (to wake when a slot frees). */
  abstract oldestQueued(limit: number): Promise<Array<{ id: string; step: number }>>;
  /** Per agent (and one row with agentId null for the organization) over [from, to). */
  abstract stats(from: Date, to: Date, agentId?: string): Promise<RunStats[]>;
}
