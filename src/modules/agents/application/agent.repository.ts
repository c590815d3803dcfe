import { Page } from '@switchyard/core';
import { Agent, Capabilities, Provider } from '../domain/agent';

export interface NewAgent {
  id: string;
  name: string;
  type: string;
  provider: Provider;
  configuration: Record<string, unknown>;
  capabilities: Capabilities;
  active: boolean;
  maxConcurrentRuns: number;
  monthlyBudgetUsd: number | null;
  createdBy: string | null;
}

export type AgentChanges = Partial<Pick<Agent, 'name' | 'type' | 'configuration' | 'capabilities' | 'active' | 'maxConcurrentRuns' | 'monthlyBudgetUsd'>>;

export interface SealedCredentials {
  externalOrganizationId: string;
  sealedToken: string;
  keyId: string;
}

export interface UsageDelta {
  runs?: number;
  completed?: number;
  failed?: number;
  cancelled?: number;
  estimatedCostUsd?: number;
  lastRunAt?: Date;
}

export interface WorkerView {
  provider: Provider;
  active: boolean;
  maxConcurrentRuns: number;
  credentials: SealedCredentials | undefined;
}

/** Agents of the current organization (the tenant transaction's). */
export abstract class AgentRepository {
  abstract find(id: string, options?: { lock?: boolean }): Promise<Agent | undefined>;
  abstract list(query: { limit: number; cursor?: string; active?: boolean }): Promise<Page<Agent>>;
  abstract count(): Promise<number>;
  /** Throws AgentNameTakenError on a duplicate name. */
  abstract insert(agent: NewAgent): Promise<Agent>;
  /** Applies the changes if the version still matches; undefined when it does not (or the agent is gone). */
  abstract update(id: string, version: number, changes: AgentChanges): Promise<Agent | undefined>;
  abstract delete(id: string): Promise<boolean>;
  abstract setCredentials(agentId: string, credentials: SealedCredentials): Promise<void>;
  abstract sealedCredentials(agentId: string): Promise<SealedCredentials | undefined>;
  /**
   * Whether the agent exists and is active, its row share-locked until the transaction ends: an
   * assignment decided on it cannot commit alongside a concurrent deactivation (which waits, or is waited for).
   */
  abstract isActiveLocked(agentId: string): Promise<boolean>;
  /** What the worker needs of an agent, in one statement: its provider, its cap and its sealed credentials. */
  abstract workerView(agentId: string): Promise<WorkerView | undefined>;
  /** Adds to the agent's usage statistics atomically (concurrent runs of one agent finish together). */
  abstract addUsage(agentId: string, delta: UsageDelta): Promise<void>;
}
