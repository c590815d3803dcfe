import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { Page } from '@switchyard/core';
import { decodeCursor, toPage } from '@switchyard/http';
import { ClsService } from 'nestjs-cls';
import { HistoryEntry, HistoryRecord, TaskHistoryRepository } from '../../application/task-history.repository';
import { TaskHistoryEntity } from './task-history.entity';
import { RECORD_HISTORY } from './task-history.sql';

@Injectable()
export class TaskHistoryTypeormRepository extends TaskHistoryRepository {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
  ) {
    super();
  }

  /** One set-based insert for all the entries of a change (SQL: jsonb_to_recordset). */
  async record(entries: HistoryEntry[], actor: { type: string; id: string | null }): Promise<void> {
    if (entries.length === 0) return;
    const requestId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    const rows = entries.map((e) => ({ task_id: e.taskId, field: e.field, old_value: e.oldValue, new_value: e.newValue }));
    await this.transaction.query(RECORD_HISTORY, [this.transaction.organizationId, actor.type, actor.id, requestId, JSON.stringify(rows)]);
  }

  async list(taskId: string, query: { limit: number; cursor?: string; field?: string }): Promise<Page<HistoryRecord>> {
    const builder = this.transaction.manager
      .getRepository(TaskHistoryEntity)
      .createQueryBuilder('h')
      .where('h.organization_id = :org and h.task_id = :taskId', { org: this.transaction.organizationId, taskId })
      .orderBy('h.id', 'DESC')
      .limit(query.limit + 1);
    if (query.field) builder.andWhere('h.field = :field', { field: query.field });
    if (query.cursor) builder.andWhere('h.id < :before::bigint', { before: String(decodeCursor(query.cursor, 1)[0]) });
    const page = toPage(await builder.getMany(), query.limit, (last) => [last.id]);
    return {
      items: page.items.map((row) => ({
        id: row.id,
        taskId: row.taskId,
        field: row.field,
        oldValue: row.oldValue,
        newValue: row.newValue,
        actor: { type: row.actorType, id: row.actorId },
        requestId: row.requestId,
        changedAt: row.changedAt,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
