import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { ClaimFilter, ReadyQuery, ReadyQueueRepository } from '../../application/ready-queue.repository';
import { Task } from '../../domain/task';
import { TASK_COLUMNS, TaskRow, toTask } from './task.row';

/**
 * Ready = open and not started, live, and no live unfinished task blocks it. The status list is
 * written literally so the planner can use the partial index tasks_ready_idx, which is in queue
 * order: the first page reads a handful of index entries plus one anti-join probe each.
 */
const READY = `t.deleted_at is null and t.status in ('backlog', 'todo')
  and not exists (
    select 1 from task_relations r
    join tasks b on b.organization_id = r.organization_id and b.id = r.source_id
    where r.organization_id = t.organization_id and r.target_id = t.id and r.type = 'blocks'
      and b.deleted_at is null and b.status not in ('done', 'cancelled'))`;

const ORDER = 't.priority_rank, t.created_at, t.id';

@Injectable()
export class ReadyQueuePgRepository extends ReadyQueueRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async list(query: ReadyQuery): Promise<Page<Task>> {
    const params: unknown[] = [this.transaction.organizationId];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['t.organization_id = $1', READY];
    if (query.status?.length) where.push(`t.status = any(${p(query.status)}::text[])`);
    if (query.projectId) where.push(`t.project_id = ${p(query.projectId)}`);
    if (query.assigneeType === 'none') where.push('t.assignee_id is null');
    else if (query.assigneeType) where.push(`t.assignee_type = ${p(query.assigneeType)}`);
    if (query.assigneeId) where.push(`t.assignee_id = ${p(query.assigneeId)}`);
    if (query.labels?.length) where.push(`t.labels @> ${p(query.labels)}::text[]`);
    if (query.cursor) {
      const [rank, createdAt, id] = decodeCursor(query.cursor, 3);
      where.push(`(${ORDER}) > (${p(rank)}::smallint, ${p(createdAt)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows = await this.transaction.manager.query(
      `select ${TASK_COLUMNS}, t.priority_rank, t.created_at::text as created_key from tasks t
       where ${where.join(' and ')} order by ${ORDER} limit ${p(query.limit + 1)}`,
      params,
    );
    const page = toPage(rows as Array<TaskRow & { priority_rank: number; created_key: string }>, query.limit, (last) => [
      last.priority_rank,
      last.created_key,
      last.id,
    ]);
    return { items: page.items.map(toTask), nextCursor: page.nextCursor };
  }

  /**
   * SKIP LOCKED: a row another claimer is taking is passed over, not waited for. If that claim
   * commits first, PostgreSQL re-checks the row's new version against the WHERE clause (it is
   * no longer ready), so no task is handed out twice.
   */
  async lockNext(filter: ClaimFilter): Promise<Task | undefined> {
    const params: unknown[] = [this.transaction.organizationId, filter.claimer.type, filter.claimer.id];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['t.organization_id = $1', READY, '(t.assignee_id is null or (t.assignee_type = $2 and t.assignee_id = $3))'];
    if (filter.projectId) where.push(`t.project_id = ${p(filter.projectId)}`);
    if (filter.labels?.length) where.push(`t.labels @> ${p(filter.labels)}::text[]`);
    if (filter.types?.length) where.push(`t.type = any(${p(filter.types)}::text[])`);
    const [row] = await this.transaction.manager.query(
      `select ${TASK_COLUMNS} from tasks t where ${where.join(' and ')}
       order by ${ORDER} limit 1 for update of t skip locked`,
      params,
    );
    return row ? toTask(row as TaskRow) : undefined;
  }
}
