import { Injectable } from '@nestjs/common';
import { AuditLogEntity } from '@switchyard/audit';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, exactTimestamp, toPage } from '@switchyard/http';
import { AuditLogFilter, AuditLogItem, AuditLogReader } from '../../application/audit-log.reader';

@Injectable()
export class AuditLogTypeormReader extends AuditLogReader {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async list(filter: AuditLogFilter): Promise<Page<AuditLogItem>> {
    const builder = this.transaction.manager
      .getRepository(AuditLogEntity)
      .createQueryBuilder('a')
      .where('a.organization_id = :org', { org: this.transaction.organizationId })
      .addSelect(exactTimestamp('a.created_at'), 'cursor_at')
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.entityType) builder.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId) builder.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.action) builder.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) builder.andWhere('a.created_at >= :since', { since: filter.since });
    if (filter.until) builder.andWhere('a.created_at < :until', { until: filter.until });
    if (filter.cursor) {
      const [createdAt, id] = decodeCursor(filter.cursor, 2);
      builder.andWhere('(a.created_at, a.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((entry, index) => ({ entry, cursorAt: raw[index].cursor_at }));
    const page = toPage(rows, filter.limit, (last) => [last.cursorAt, last.entry.id]);
    return {
      items: page.items.map(({ entry: { organizationId: _org, ...item } }) => item),
      nextCursor: page.nextCursor,
    };
  }
}
