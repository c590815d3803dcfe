import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AgentChanges, AgentRepository, NewAgent, SealedCredentials, UsageDelta, WorkerView } from '../../application/agent.repository';
import { Agent, Capabilities, EMPTY_USAGE, Provider, UsageStats } from '../../domain/agent';
import { AgentNameTakenError } from '../../domain/agents.errors';
import { AgentCredentialEntity } from './agent-credential.entity';
import { AgentEntity } from './agent.entity';
import { ADD_USAGE, AGENT_ACTIVE_SHARED, AGENT_BY_ID, AGENT_FOR_WORKER } from './agent.sql';

@Injectable()
export class AgentTypeormRepository extends AgentRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(AgentEntity);
  }

  private get credentials() {
    return this.transaction.manager.getRepository(AgentCredentialEntity);
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<Agent | undefined> {
    const [row] = await this.transaction.query<AgentEntity & { externalOrganizationId: string | null; keyId: string; rotatedAt: Date }>(
      AGENT_BY_ID(!!options.lock),
      [this.transaction.organizationId, id],
    );
    if (!row) return undefined;
    return toAgent(row, row.externalOrganizationId === null ? undefined : (row as unknown as AgentCredentialEntity));
  }

  async list(query: { limit: number; cursor?: string; active?: boolean }): Promise<Page<Agent>> {
    const organizationId = this.transaction.organizationId;
    const builder = this.repo.createQueryBuilder('a').where('a.organization_id = :organizationId', { organizationId });
    if (query.active !== undefined) builder.andWhere('a.active = :active', { active: query.active });
    const page = await keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'ASC' }, (row) => row);
    const credentials = page.items.length ? await this.credentials.findBy({ organizationId, agentId: In(page.items.map((a) => a.id)) }) : [];
    const byAgent = new Map(credentials.map((c) => [c.agentId, c]));
    return { items: page.items.map((row) => toAgent(row, byAgent.get(row.id))), nextCursor: page.nextCursor };
  }

  count(): Promise<number> {
    return this.repo.countBy({ organizationId: this.transaction.organizationId });
  }

  async insert(agent: NewAgent): Promise<Agent> {
    try {
      await this.repo.insert({
        ...agent,
        organizationId: this.transaction.organizationId,
        monthlyBudgetUsd: agent.monthlyBudgetUsd === null ? null : String(agent.monthlyBudgetUsd),
        configuration: agent.configuration,
        capabilities: agent.capabilities as unknown as Record<string, unknown>,
        usageStats: { ...EMPTY_USAGE },
      } as QueryDeepPartialEntity<AgentEntity>);
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'agents_name_key') throw new AgentNameTakenError(agent.name);
      throw error;
    }
    return (await this.find(agent.id))!;
  }

  async update(id: string, version: number, changes: AgentChanges): Promise<Agent | undefined> {
    const { monthlyBudgetUsd, capabilities, ...rest } = changes;
    const values: Record<string, unknown> = { ...rest, version: version + 1 };
    if (monthlyBudgetUsd !== undefined) values.monthlyBudgetUsd = monthlyBudgetUsd === null ? null : String(monthlyBudgetUsd);
    if (capabilities) values.capabilities = capabilities;
    try {
      const result = await this.repo
        .createQueryBuilder()
        .update(AgentEntity)
        .set(values)
        .where('organization_id = :organizationId and id = :id and version = :version', { organizationId: this.transaction.organizationId, id, version })
        .execute();
      if (!result.affected) return undefined;
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'agents_name_key') throw new AgentNameTakenError(String(changes.name));
      throw error;
    }
    return this.find(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ organizationId: this.transaction.organizationId, id });
    return (result.affected ?? 0) > 0;
  }

  async setCredentials(agentId: string, credentials: SealedCredentials): Promise<void> {
    await this.credentials.upsert(
      { organizationId: this.transaction.organizationId, agentId, ...credentials, rotatedAt: new Date() },
      { conflictPaths: ['organizationId', 'agentId'] },
    );
  }

  async sealedCredentials(agentId: string): Promise<SealedCredentials | undefined> {
    const row = await this.credentials.findOneBy({ organizationId: this.transaction.organizationId, agentId });
    return row ? { externalOrganizationId: row.externalOrganizationId, sealedToken: row.sealedToken, keyId: row.keyId } : undefined;
  }

  async isActiveLocked(agentId: string): Promise<boolean> {
    const [row] = await this.transaction.query<{ active: boolean }>(AGENT_ACTIVE_SHARED, [this.transaction.organizationId, agentId]);
    return row?.active === true;
  }

  async workerView(agentId: string): Promise<WorkerView | undefined> {
    const [row] = await this.transaction.query<{
      provider: Provider;
      active: boolean;
      maxConcurrentRuns: number;
      externalOrganizationId: string | null;
      sealedToken: string;
      keyId: string;
    }>(AGENT_FOR_WORKER, [this.transaction.organizationId, agentId]);
    if (!row) return undefined;
    const { externalOrganizationId, sealedToken, keyId } = row;
    return {
      provider: row.provider,
      active: row.active,
      maxConcurrentRuns: row.maxConcurrentRuns,
      credentials: externalOrganizationId === null ? undefined : { externalOrganizationId, sealedToken, keyId },
    };
  }

  async addUsage(agentId: string, delta: UsageDelta): Promise<void> {
    await this.transaction.query(ADD_USAGE, [
      this.transaction.organizationId,
      agentId,
      delta.runs ?? 0,
      delta.completed ?? 0,
      delta.failed ?? 0,
      delta.cancelled ?? 0,
      delta.estimatedCostUsd ?? 0,
      delta.lastRunAt ?? null,
    ]);
  }
}

function toAgent(row: AgentEntity, credential: AgentCredentialEntity | undefined | null): Agent {
  const caps = row.capabilities as Partial<Capabilities>;
  const usage = row.usageStats as Partial<UsageStats>;
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    type: row.type,
    provider: row.provider as Provider,
    configuration: row.configuration,
    capabilities: { languages: caps.languages ?? [], taskTypes: caps.taskTypes ?? [], labels: caps.labels ?? [] },
    active: row.active,
    maxConcurrentRuns: row.maxConcurrentRuns,
    monthlyBudgetUsd: row.monthlyBudgetUsd === null ? null : Number(row.monthlyBudgetUsd),
    usageStats: {
      runs: Number(usage.runs ?? 0),
      completed: Number(usage.completed ?? 0),
      failed: Number(usage.failed ?? 0),
      cancelled: Number(usage.cancelled ?? 0),
      estimatedCostUsd: Number(usage.estimatedCostUsd ?? 0),
      lastRunAt: usage.lastRunAt ?? null,
    },
    credentials: credential ? { externalOrganizationId: credential.externalOrganizationId, keyId: credential.keyId, rotatedAt: credential.rotatedAt } : null,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
