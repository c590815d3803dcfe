import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, toPage } from '@switchyard/http';
import { ClsService } from 'nestjs-cls';
import { HistoryEntry, HistoryRecord, TaskHistoryRepository } from '../../application/task-history.repository';

interface HistoryRow {
  id: string;
  task_id: string;
  field: string;
  old_value: unknown;
  new_value: unknown;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  changed_at: Date;
}

@Injectable()
export class TaskHistoryPgRepository extends TaskHistoryRepository {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
  ) {
    super();
  }

  async record(entries: HistoryEntry[], actor: { type: string; id: string | null }): Promise<void> {
    if (entries.length === 0) return;
    const requestId = this.cls.isActive() ? (this.cls.getId() ?? null) : null;
    await this.transaction.manager.query(
      `insert into task_history (organization_id, task_id, field, old_value, new_value, actor_type, actor_id, request_id)
       select $1, x.task_id, x.field, x.old_value, x.new_value, $2, $3, $4
       from jsonb_to_recordset($5::jsonb) as x(task_id uuid, field text, old_value jsonb, new_value jsonb)`,
      [
        this.transaction.organizationId,
        actor.type,
        actor.id,
        requestId,
        JSON.stringify(entries.map((e) => ({ task_id: e.taskId, field: e.field, old_value: e.oldValue, new_value: e.newValue }))),
      ],
    );
  }

  async list(taskId: string, query: { limit: number; cursor?: string; field?: string }): Promise<Page<HistoryRecord>> {
    const params: unknown[] = [this.transaction.organizationId, taskId, query.limit + 1];
    const where = ['organization_id = $1', 'task_id = $2'];
    if (query.field) where.push(`field = $${params.push(query.field)}`);
    if (query.cursor) where.push(`id < $${params.push(String(decodeCursor(query.cursor, 1)[0]))}::bigint`);
    const rows: HistoryRow[] = await this.transaction.manager.query(
      `select id::text, task_id, field, old_value, new_value, actor_type, actor_id, request_id, changed_at
       from task_history where ${where.join(' and ')} order by task_history.id desc limit $3`,
      params,
    );
    const page = toPage(rows, query.limit, (last) => [last.id]);
    return {
      items: page.items.map((row) => ({
        id: row.id,
        taskId: row.task_id,
        field: row.field,
        oldValue: row.old_value,
        newValue: row.new_value,
        actor: { type: row.actor_type, id: row.actor_id },
        requestId: row.request_id,
        changedAt: row.changed_at,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
