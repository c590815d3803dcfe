import { Injectable } from '@nestjs/common';
import { AuditLogEntity } from '@switchyard/audit';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { AuditLogFilter, AuditLogItem, AuditLogReader } from '../../application/audit-log.reader';

@Injectable()
export class AuditLogTypeormReader extends AuditLogReader {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  list(filter: AuditLogFilter): Promise<Page<AuditLogItem>> {
    const builder = this.transaction.manager
      .getRepository(AuditLogEntity)
      .createQueryBuilder('a')
      .where('a.organization_id = :org', { org: this.transaction.organizationId });
    if (filter.entityType) builder.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) builder.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) builder.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) builder.andWhere('a.created_at >= :since', { since: filter.since });
    if (filter.until) builder.andWhere('a.created_at < :until', { until: filter.until });
    return keysetPage(builder, { limit: filter.limit, cursor: filter.cursor, order: 'DESC' }, ({ organizationId: _org, ...item }) => item);
  }
}
