import { Injectable } from '@nestjs/common';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { Agent, Capabilities, normalizeCapabilities, Provider } from '../domain/agent';
import { AgentBusyError, AgentLimitReachedError, AgentNotFoundError } from '../domain/agents.errors';
import { AgentChanges, AgentRepository } from './agent.repository';
import { AgentRunRepository } from './agent-run.repository';
import { AgentAudit, CredentialSealer, OrganizationLimitsReader } from './collaborators';
import { randomUUID } from 'node:crypto';

export interface CredentialsInput {
  /** The provider's organization id (Codegen: the numeric org id). */
  organizationId: string;
  apiToken: string;
}

export interface CreateAgentInput {
  name: string;
  type: string;
  provider: Provider;
  configuration?: Record<string, unknown>;
  capabilities?: Partial<Capabilities>;
  active?: boolean;
  maxConcurrentRuns?: number;
  monthlyBudgetUsd?: number | null;
  credentials?: CredentialsInput;
}

export interface UpdateAgentInput extends Omit<AgentChanges, 'capabilities'> {
  version: number;
  capabilities?: Partial<Capabilities>;
}

/** The additional data bound into a sealed token: it only opens for this agent of this organization. */
export const credentialBinding = (organizationId: string, agentId: string) => `agent-credentials:${organizationId}:${agentId}`;

/** The agent registry: agents, their capabilities and limits, and their sealed provider credentials. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly runs: AgentRunRepository,
    private readonly limits: OrganizationLimitsReader,
    private readonly sealer: CredentialSealer,
    private readonly audit: AgentAudit,
  ) {}

  async create(actor: Actor, input: CreateAgentInput): Promise<Agent> {
    // Serialized with the organization's other counting decisions, so maxAgents holds under a race.
    await this.runs.lockOrganization();
    const { maxAgents } = await this.limits.current();
    if (maxAgents != null && (await this.agents.count()) >= maxAgents) throw new AgentLimitReachedError(maxAgents);
    const id = randomUUID();
    await this.agents.insert({
      id,
      name: input.name.trim(),
      type: input.type,
      provider: input.provider,
      configuration: input.configuration ?? {},
      capabilities: normalizeCapabilities(input.capabilities),
      active: input.active ?? true,
      maxConcurrentRuns: input.maxConcurrentRuns ?? 1,
      monthlyBudgetUsd: input.monthlyBudgetUsd ?? null,
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    if (input.credentials) await this.storeCredentials(actor.organizationId, id, input.credentials);
    const agent = (await this.agents.find(id))!;
    await this.audit.record({ action: 'create', entityType: 'agent', entityId: id, after: auditView(agent) });
    return agent;
  }

  async get(id: string): Promise<Agent> {
    const agent = await this.agents.find(id);
    if (!agent) throw new AgentNotFoundError(id);
    return agent;
  }

  list(query: { limit: number; cursor?: string; active?: boolean }): Promise<Page<Agent>> {
    return this.agents.list(query);
  }

  async update(id: string, input: UpdateAgentInput): Promise<Agent> {
    const before = await this.get(id);
    const { version, capabilities, ...rest } = input;
    const changes: AgentChanges = { ...rest };
    if (changes.name) changes.name = changes.name.trim();
    if (capabilities) changes.capabilities = normalizeCapabilities({ ...before.capabilities, ...capabilities });
    const after = await this.agents.update(id, version, changes);
    if (!after) {
      const current = await this.agents.find(id);
      if (!current) throw new AgentNotFoundError(id);
      throw new StaleVersionError('Agent', id, version, current.version);
    }
    await this.audit.record({ action: 'update', entityType: 'agent', entityId: id, before: auditView(before), after: auditView(after) });
    return after;
  }

  /** Removes the agent and its run history; refused while it has runs queued or running. */
  async delete(id: string): Promise<void> {
    const agent = await this.agents.find(id, { lock: true });
    if (!agent) throw new AgentNotFoundError(id);
    const open = await this.runs.openCount(id);
    if (open > 0) throw new AgentBusyError(id, open);
    await this.agents.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'agent', entityId: id, before: auditView(agent) });
  }

  /** Sets or rotates the provider credentials: sealed with the current key; the token is never returned nor logged. */
  async setCredentials(actor: Actor, id: string, input: CredentialsInput): Promise<Agent> {
    const before = await this.agents.find(id, { lock: true });
    if (!before) throw new AgentNotFoundError(id);
    await this.storeCredentials(actor.organizationId, id, input);
    const after = (await this.agents.find(id))!;
    await this.audit.record({
      action: before.credentials ? 'rotate' : 'create',
      entityType: 'agent_credentials',
      entityId: id,
      before: before.credentials ? { externalOrganizationId: before.credentials.externalOrganizationId, keyId: before.credentials.keyId } : null,
      after: { externalOrganizationId: input.organizationId, keyId: after.credentials?.keyId },
    });
    return after;
  }

  private async storeCredentials(organizationId: string, agentId: string, input: CredentialsInput): Promise<void> {
    const { sealed, keyId } = this.sealer.seal(input.apiToken, credentialBinding(organizationId, agentId));
    await this.agents.setCredentials(agentId, { externalOrganizationId: input.organizationId, sealedToken: sealed, keyId });
  }
}

/** What the audit log keeps of an agent (no credentials, only whether they are set). */
export function auditView(agent: Agent): Record<string, unknown> {
  const { usageStats: _u, organizationId: _o, createdAt: _c, updatedAt: _d, credentials, ...rest } = agent;
  return { ...rest, credentials: credentials ? { externalOrganizationId: credentials.externalOrganizationId, keyId: credentials.keyId } : null };
}
