import { Actor } from '@switchyard/core';
import { PullRequestLink } from '../domain/agent-run';

/**
 * The ports through which this module's use cases reach the rest of the application. Each is
 * implemented in infrastructure/ (by a lib service or another module's front door), so the
 * application layer stays free of persistence and framework packages.
 */

/** A task as agents see it. */
export interface BoardTask {
  id: string;
  projectId: string;
  title: string;
  description: string;
  type: string;
  status: string;
  labels: string[];
  assignee: { type: string; id: string } | null;
}

/** The tasks module, as far as agents need it. */
export abstract class TaskBoard {
  /** Undefined when the task is not in the organization (or deleted). */
  abstract find(taskId: string): Promise<BoardTask | undefined>;
  /** Atomic claim of the next ready task matching the filter, for the agent; null when none is free. */
  abstract claimNext(actor: Actor, agentId: string, filter: { projectId?: string; types?: string[]; labels?: string[] }): Promise<BoardTask | null>;
  /** Explicit hand-off of one task to the agent (started, assigned). */
  abstract handOff(actor: Actor, taskId: string, agentId: string): Promise<BoardTask>;
  /**
   * The run finished: in_progress → in_review, with the pull requests and the run in its metadata.
   * Only while the task is still in progress with this agent; a task someone moved is left alone.
   */
  abstract submitForReview(actor: Actor, taskId: string, agentId: string, runId: string, pullRequests: PullRequestLink[]): Promise<void>;
  /** The run failed or was cancelled: the task goes back to the queue (todo; `failed` counts a retry). Same proviso. */
  abstract giveBack(actor: Actor, taskId: string, agentId: string, outcome: 'failed' | 'released', reason: string): Promise<void>;
}

/** The organization's limits (organizations.limits). */
export interface AgentLimits {
  maxAgents?: number;
  maxConcurrentAgentRuns?: number;
  monthlyAgentBudgetUsd?: number;
}

export abstract class OrganizationLimitsReader {
  abstract current(): Promise<AgentLimits>;
}

/** Secrets at rest (SecretBox): sealed with the current key id, opened with any configured key. */
export abstract class CredentialSealer {
  abstract seal(plaintext: string, associatedData: string): { sealed: string; keyId: string };
  abstract open(sealed: string, associatedData: string): string;
}

/** The durable queue: the worker's next step for a run, at a time, in the current transaction. */
export abstract class RunScheduler {
  abstract schedule(runId: string, step: number, at: Date): Promise<void>;
}

export interface AgentAuditEntry {
  action: string;
  entityType: 'agent' | 'agent_run' | 'agent_credentials';
  entityId: string;
  before?: object | null;
  after?: object | null;
  actor?: Actor;
}

/** The organization's audit log, in the current transaction. */
export abstract class AgentAudit {
  abstract record(entry: AgentAuditEntry): Promise<void>;
}

/** Notable facts for the event log (the lead's @switchyard/events when it lands). */
export abstract class AgentEvents {
  abstract publish(type: string, entityId: string, payload: Record<string, unknown>, taskId?: string | null): Promise<void>;
}
