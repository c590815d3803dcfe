import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { Page } from '@switchyard/core';
import { decodeCursor, toPage } from '@switchyard/http';
import { ClaimFilter, ReadyQuery, ReadyQueueRepository } from '../../application/ready-queue.repository';
import { Task } from '../../domain/task';
import { claimSql, QUEUE_ORDER, readySql } from './ready-queue.sql';
import { TaskRow, toTask } from './task.sql';

/** The ready queue and its claims: SQL only (an anti-join over a partial index, SKIP LOCKED; ready-queue.sql.ts). */
@Injectable()
export class ReadyQueueSqlRepository extends ReadyQueueRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async list(query: ReadyQuery): Promise<Page<Task>> {
    const params: unknown[] = [this.transaction.organizationId];
    const p = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    if (query.status?.length) filters.push(`t.status = any(${p(query.status)}::text[])`);
    if (query.projectId) filters.push(`t.project_id = ${p(query.projectId)}`);
    if (query.assigneeType === 'none') filters.push('t.assignee_id is null');
    else if (query.assigneeType) filters.push(`t.assignee_type = ${p(query.assigneeType)}`);
    if (query.assigneeId) filters.push(`t.assignee_id = ${p(query.assigneeId)}`);
    if (query.labels?.length) filters.push(`t.labels @> ${p(query.labels)}::text[]`);
    if (query.cursor) {
      const [rank, createdAt, id] = decodeCursor(query.cursor, 3);
      filters.push(`(${QUEUE_ORDER}) > (${p(rank)}::smallint, ${p(createdAt)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows = await this.transaction.query<TaskRow & { priority_rank: number; created_key: string }>(readySql(filters, p(query.limit + 1)), params);
    const page = toPage(rows, query.limit, (last) => [last.priority_rank, last.created_key, last.id]);
    return { items: page.items.map(toTask), nextCursor: page.nextCursor };
  }

  async lockNext(filter: ClaimFilter): Promise<Task | undefined> {
    const params: unknown[] = [this.transaction.organizationId, filter.claimer.type, filter.claimer.id];
    const p = (value: unknown) => `$${params.push(value)}`;
    const filters: string[] = [];
    if (filter.projectId) filters.push(`t.project_id = ${p(filter.projectId)}`);
    if (filter.labels?.length) filters.push(`t.labels @> ${p(filter.labels)}::text[]`);
    if (filter.types?.length) filters.push(`t.type = any(${p(filter.types)}::text[])`);
    const [row] = await this.transaction.query<TaskRow>(claimSql(filters), params);
    return row ? toTask(row) : undefined;
  }
}
