import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { TaskImportRepository } from '../../application/task-import.repository';
import { Task } from '../../domain/task';
import { BLOCKS_EDGES, DELETED_TASKS, INSERT_BLOCKS, INSERT_MAPPINGS, MAPPED_TASKS } from './task-import.sql';
import { TaskRow, toTask } from './task.sql';

/** Set-based reads and writes of imports (task-import.sql.ts): every statement covers a whole chunk. */
@Injectable()
export class TaskImportTypeormRepository extends TaskImportRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  async findMapped(projectId: string, source: string): Promise<Map<string, Task>> {
    const rows = await this.transaction.query<TaskRow & { externalId: string }>(MAPPED_TASKS, [this.org, projectId, source]);
    return new Map(rows.map((row) => [row.externalId, toTask(row)]));
  }

  async insertMappings(projectId: string, source: string, rows: Array<{ externalId: string; taskId: string }>): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.map((row) => ({ external_id: row.externalId, task_id: row.taskId }));
    await this.transaction.query(INSERT_MAPPINGS, [this.org, projectId, source, JSON.stringify(records)]);
  }

  async blocksEdges(): Promise<Array<[string, string]>> {
    const rows = await this.transaction.query<{ sourceId: string; targetId: string }>(BLOCKS_EDGES, [this.org]);
    const deleted = new Set((await this.transaction.query<{ id: string }>(DELETED_TASKS, [this.org])).map((row) => row.id));
    return rows.filter((row) => !deleted.has(row.sourceId) && !deleted.has(row.targetId)).map((row) => [row.sourceId, row.targetId]);
  }

  async insertBlocks(pairs: Array<[string, string]>, createdBy: { type: string; id: string | null }): Promise<number> {
    if (pairs.length === 0) return 0;
    const records = pairs.map(([source, target]) => ({ source_id: source, target_id: target }));
    const rows = await this.transaction.query(INSERT_BLOCKS, [this.org, createdBy.type, createdBy.id, JSON.stringify(records)]);
    return rows.length;
  }
}
