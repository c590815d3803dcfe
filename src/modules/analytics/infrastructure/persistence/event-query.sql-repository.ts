import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { EventFilter, EventQuery, LoggedEvent } from '../../application/event-query';
import { eventsSql } from './event-query.sql';

/** Reads the events table (owned by libs/events) with SQL: keyset over a partitioned table, filters added as given. */
@Injectable()
export class EventQuerySqlRepository extends EventQuery {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async find(filter: EventFilter): Promise<Page<LoggedEvent>> {
    const params: unknown[] = [this.transaction.organizationId, filter.since, filter.until, filter.limit + 1];
    const filters: string[] = [];
    if (filter.correlationId) filters.push(`correlation_id = $${params.push(filter.correlationId)}`);
    if (filter.traceId) filters.push(`trace_id = $${params.push(filter.traceId)}`);
    if (filter.entityType) filters.push(`entity_type = $${params.push(filter.entityType)}`);
    if (filter.entityId) filters.push(`entity_id = $${params.push(filter.entityId)}`);
    if (filter.taskId) filters.push(`task_id = $${params.push(filter.taskId)}`);
    if (filter.type) filters.push(`type = $${params.push(filter.type)}`);
    if (filter.cursor) {
      const [at, id] = decodeCursor(filter.cursor, 2);
      filters.push(`(occurred_at, id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.transaction.query<Record<string, unknown>>(eventsSql(filters), params);
    const page = toPage(rows, filter.limit, (last) => [last.cursor_at as string, last.id as string]);
    return {
      items: page.items.map((r) => ({
        id: r.id as string,
        occurredAt: r.occurred_at as Date,
        type: r.type as string,
        source: r.source as string,
        target: (r.target as string | null) ?? null,
        entityType: (r.entity_type as string | null) ?? null,
        entityId: (r.entity_id as string | null) ?? null,
        taskId: (r.task_id as string | null) ?? null,
        workflowId: (r.workflow_id as string | null) ?? null,
        severity: r.severity as string,
        payload: r.payload as Record<string, unknown>,
        actorType: (r.actor_type as string | null) ?? null,
        actorId: (r.actor_id as string | null) ?? null,
        correlationId: (r.correlation_id as string | null) ?? null,
        traceId: (r.trace_id as string | null) ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
