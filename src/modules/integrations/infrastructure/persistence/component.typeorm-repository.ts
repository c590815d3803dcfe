import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { Communication, Component, ComponentKind, ComponentRegistry, HealthStatus, NewCommunication } from '../../application/component.registry';
import { ComponentCommunicationEntity } from './component-communication.entity';
import { ComponentEntity } from './component.entity';
import { RECORD_COMMUNICATION } from './component.sql';

@Injectable()
export class ComponentTypeormRepository extends ComponentRegistry {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(ComponentEntity);
  }

  async ensureForIntegration(integration: { id: string; name: string; platform: ComponentKind }, capabilities: string[]): Promise<string> {
    const organizationId = this.transaction.organizationId;
    let row = await this.repo.findOne({ select: { id: true }, where: { organizationId, integrationId: integration.id } });
    if (!row) {
      await this.repo
        .createQueryBuilder()
        .insert()
        .values({ organizationId, integrationId: integration.id, name: integration.name, kind: integration.platform, capabilities })
        .orIgnore()
        .execute();
      row = await this.repo.findOneOrFail({ select: { id: true }, where: { organizationId, integrationId: integration.id } });
    }
    return row.id;
  }

  async record(c: NewCommunication): Promise<void> {
    // A call the outbound gate refused never reached the component: not a failure of it.
    const failed = !['succeeded', 'ignored', 'refused'].includes(c.status);
    await this.transaction.query(RECORD_COMMUNICATION, [
      this.transaction.organizationId,
      c.integrationId,
      c.deliveryId,
      c.direction,
      c.operation,
      c.attempt,
      c.timeoutMs,
      c.status,
      c.httpStatus,
      c.durationMs,
      c.error,
      c.correlationId,
      failed,
    ]);
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<Component>> {
    const builder = this.repo.createQueryBuilder('c').where('c.organization_id = :org', { org: this.transaction.organizationId });
    return keysetPage(builder, { ...query, order: 'ASC' }, toComponent);
  }

  communications(integrationId: string, query: { limit: number; cursor?: string; direction?: 'inbound' | 'outbound' }): Promise<Page<Communication>> {
    const builder = this.transaction.manager
      .getRepository(ComponentCommunicationEntity)
      .createQueryBuilder('cc')
      .where('cc.organization_id = :org AND cc.integration_id = :integrationId', { org: this.transaction.organizationId, integrationId });
    if (query.direction) builder.andWhere('cc.direction = :direction', { direction: query.direction });
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'DESC' }, toCommunication);
  }
}

function toComponent(row: ComponentEntity): Component {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ComponentKind,
    integrationId: row.integrationId,
    capabilities: row.capabilities,
    healthStatus: row.healthStatus as HealthStatus,
    avgResponseMs: row.avgResponseMs,
    calls: row.calls,
    failures: row.failures,
    lastSeenAt: row.lastSeenAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toCommunication(row: ComponentCommunicationEntity): Communication {
  return {
    id: row.id,
    componentId: row.componentId,
    integrationId: row.integrationId,
    deliveryId: row.deliveryId,
    direction: row.direction as Communication['direction'],
    operation: row.operation,
    attempt: row.attempt,
    timeoutMs: row.timeoutMs,
    status: row.status as Communication['status'],
    httpStatus: row.httpStatus,
    durationMs: row.durationMs,
    error: row.error,
    correlationId: row.correlationId,
    createdAt: row.createdAt,
  };
}
