import { Injectable } from '@nestjs/common';
import { DomainError, Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { CallOutcome, IntegrationChanges, IntegrationRepository, NewIntegration } from '../../application/integration.repository';
import { Integration, IntegrationConfiguration, IntegrationStatus } from '../../domain/integration';
import { INTEGRATIONS } from '../../domain/integrations.errors';
import { Platform } from '../../domain/signatures';
import { IntegrationEntity } from './integration.entity';

@Injectable()
export class IntegrationTypeormRepository extends IntegrationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(IntegrationEntity);
  }

  async insert(integration: NewIntegration): Promise<Integration> {
    try {
      await this.repo.insert({ ...integration, organizationId: this.transaction.organizationId });
    } catch (error) {
      if (violatedConstraint(error, '23505') === 'integrations_organization_name_key')
        throw new DomainError(INTEGRATIONS.NAME_TAKEN, `An integration named "${integration.name}" already exists`, { name: integration.name });
      throw error;
    }
    return (await this.find(integration.id))!;
  }

  async find(id: string): Promise<Integration | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.transaction.organizationId, id });
    return row ? toIntegration(row) : undefined;
  }

  async findLocked(id: string): Promise<Integration | undefined> {
    const row = await this.repo.findOne({ where: { organizationId: this.transaction.organizationId, id }, lock: { mode: 'pessimistic_write' } });
    return row ? toIntegration(row) : undefined;
  }

  async credentials(id: string): Promise<string | null> {
    const row = await this.repo.findOne({ select: { id: true, credentialsSealed: true }, where: { organizationId: this.transaction.organizationId, id } });
    return row?.credentialsSealed ?? null;
  }

  async webhookSecret(id: string): Promise<string | undefined> {
    const row = await this.repo.findOne({ select: { id: true, webhookSecretSealed: true }, where: { organizationId: this.transaction.organizationId, id } });
    return row?.webhookSecretSealed;
  }

  list(query: { limit: number; cursor?: string; platform?: Platform }): Promise<Page<Integration>> {
    const builder = this.repo.createQueryBuilder('i').where('i.organization_id = :org', { org: this.transaction.organizationId });
    if (query.platform) builder.andWhere('i.platform = :platform', { platform: query.platform });
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'ASC' }, toIntegration);
  }

  async update(id: string, changes: IntegrationChanges): Promise<Integration | undefined> {
    if (Object.keys(changes).length > 0) {
      try {
        await this.repo.update({ organizationId: this.transaction.organizationId, id }, { ...changes, version: () => 'version + 1' });
      } catch (error) {
        if (violatedConstraint(error, '23505') === 'integrations_organization_name_key')
          throw new DomainError(INTEGRATIONS.NAME_TAKEN, `An integration named "${changes.name}" already exists`, { name: changes.name });
        throw error;
      }
    }
    return this.find(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ organizationId: this.transaction.organizationId, id });
    return (result.affected ?? 0) > 0;
  }

  async recordCall(id: string, outcome: CallOutcome): Promise<void> {
    const where = { organizationId: this.transaction.organizationId, id };
    if (outcome.ok) {
      // A success closes the circuit and heals an unhealthy integration (a disabled one stays disabled).
      await this.repo.update(where, { lastSuccessAt: outcome.at, consecutiveFailures: 0, circuitOpenUntil: null });
      await this.repo.update({ ...where, status: 'unhealthy' }, { status: 'active' });
      return;
    }
    await this.repo.update(where, {
      lastErrorAt: outcome.at,
      lastError: outcome.error,
      consecutiveFailures: outcome.consecutiveFailures,
      circuitOpenUntil: outcome.openUntil,
    });
    if (outcome.status === 'unhealthy') await this.repo.update({ ...where, status: 'active' }, { status: 'unhealthy' });
  }
}

export function toIntegration(row: IntegrationEntity): Integration {
  return {
    id: row.id,
    organizationId: row.organizationId,
    platform: row.platform as Platform,
    name: row.name,
    configuration: row.configuration as IntegrationConfiguration,
    hasCredentials: row.credentialsSealed !== null,
    previousSecretValidUntil: row.previousSecretValidUntil,
    status: row.status as IntegrationStatus,
    lastSuccessAt: row.lastSuccessAt,
    lastErrorAt: row.lastErrorAt,
    lastError: row.lastError,
    consecutiveFailures: row.consecutiveFailures,
    circuitOpenUntil: row.circuitOpenUntil,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
