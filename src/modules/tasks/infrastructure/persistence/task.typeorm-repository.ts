import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { queryRows } from './sql';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { toPage } from '@switchyard/http';
import { NewTask, TaskListQuery, TaskRepository } from '../../application/task.repository';
import { Task } from '../../domain/task';
import { ParentNotFoundError, ProjectNotFoundError } from '../../domain/task.errors';
import { buildTaskList, cursorOf } from './task-list.sql';
import { TASK_COLUMNS, TASK_RECORD, TaskRow, toRecord, toTask } from './task.row';

@Injectable()
export class TaskTypeormRepository extends TaskRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return queryRows<T>(this.transaction.manager, sql, params);
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<Task | undefined> {
    const [row] = await this.query<TaskRow>(
      `select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = $2 ${options.lock ? 'for update' : ''}`,
      [this.transaction.organizationId, id],
    );
    return row ? toTask(row) : undefined;
  }

  async findManyForUpdate(ids: string[]): Promise<Task[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<TaskRow>(
      `select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = any($2::uuid[]) order by t.id for update`,
      [this.transaction.organizationId, ids],
    );
    return rows.map(toTask);
  }

  async deletionIdOf(id: string): Promise<string | undefined> {
    const [row] = await this.query<{ deletion_id: string | null }>('select deletion_id from tasks where organization_id = $1 and id = $2', [
      this.transaction.organizationId,
      id,
    ]);
    return row?.deletion_id ?? undefined;
  }

  async insert(tasks: NewTask[]): Promise<Task[]> {
    if (tasks.length === 0) return [];
    // Parents are inserted before their children (the tree-path trigger reads the parent row);
    // task numbers still follow the input order.
    const levels = levelsInBatch(tasks);
    try {
      const rows = await this.query<TaskRow>(
        `with batch as (
           select x.*, row_number() over (partition by x.project_id order by x.ord) as rn
           from jsonb_to_recordset($2::jsonb) as x(${TASK_RECORD}, ord integer, level integer)
         ),
         counts as (select project_id, count(*)::int as n from batch group by project_id),
         counters as (
           insert into task_counters as c (organization_id, project_id, last_number)
           select $1, project_id, n from counts
           on conflict (organization_id, project_id) do update set last_number = c.last_number + excluded.last_number
           returning project_id, last_number
         )
         insert into tasks as t (organization_id, id, project_id, number, parent_id, workflow_id, phase_id, title, description, type,
           status, priority, assignee_type, assignee_id, reporter_type, reporter_id, labels, estimate, actual_minutes, due_date,
           started_at, completed_at, retry_count, max_retries, metadata)
         select $1, b.id, b.project_id, k.last_number - n.n + b.rn, b.parent_id, b.workflow_id, b.phase_id, b.title, b.description,
           b.type, b.status, b.priority, b.assignee_type, b.assignee_id, b.reporter_type, b.reporter_id, b.labels, b.estimate,
           b.actual_minutes, b.due_date, b.started_at, b.completed_at, b.retry_count, b.max_retries, b.metadata
         from batch b join counts n using (project_id) join counters k using (project_id)
         order by b.level, b.ord
         returning ${TASK_COLUMNS}`,
        [
          this.transaction.organizationId,
          JSON.stringify(
            tasks.map((task, ord) => ({ ...toRecord({ ...task, startedAt: task.startedAt ?? null, completedAt: task.completedAt ?? null }), ord, level: levels[ord] })),
          ),
        ],
      );
      return inOrder(rows.map(toTask), tasks);
    } catch (error) {
      throw translate(error, tasks);
    }
  }

  async save(tasks: Task[]): Promise<Task[]> {
    if (tasks.length === 0) return [];
    try {
      const rows = await this.query<TaskRow>(
        `update tasks as t set parent_id = x.parent_id, workflow_id = x.workflow_id, phase_id = x.phase_id, title = x.title,
           description = x.description, type = x.type, status = x.status, priority = x.priority, assignee_type = x.assignee_type,
           assignee_id = x.assignee_id, labels = x.labels, estimate = x.estimate, actual_minutes = x.actual_minutes,
           due_date = x.due_date, started_at = x.started_at, completed_at = x.completed_at, retry_count = x.retry_count,
           max_retries = x.max_retries, metadata = x.metadata, version = t.version + 1
         from jsonb_to_recordset($2::jsonb) as x(${TASK_RECORD})
         where t.organization_id = $1 and t.id = x.id
         returning ${TASK_COLUMNS}`,
        [this.transaction.organizationId, JSON.stringify(tasks.map(toRecord))],
      );
      return inOrder(rows.map(toTask), tasks);
    } catch (error) {
      throw translate(error, tasks);
    }
  }

  async list(query: TaskListQuery): Promise<Page<Task>> {
    const { sql, params } = buildTaskList(this.transaction.organizationId, query);
    const rows = await this.query<TaskRow & Record<string, unknown>>(sql, params);
    const relevance = query.q !== undefined && (query.sort ?? 'relevance') === 'relevance';
    const page = toPage(rows, query.limit, (last) => cursorOf(last, relevance));
    return { items: page.items.map(toTask), nextCursor: page.nextCursor };
  }
}

/** How many of each task's ancestors are in the batch itself (0: its parent, if any, exists already). */
function levelsInBatch(tasks: ReadonlyArray<{ id: string; parentId: string | null }>): number[] {
  const parentOf = new Map(tasks.map((task) => [task.id, task.parentId]));
  return tasks.map((task) => {
    let level = 0;
    // Bounded by the batch size: a loop inside a batch is refused before it gets here.
    for (let parent = task.parentId; parent && parentOf.has(parent) && level <= tasks.length; parent = parentOf.get(parent)!) level += 1;
    return level;
  });
}

function inOrder(rows: Task[], wanted: Array<{ id: string }>): Task[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return wanted.map((task) => byId.get(task.id)!);
}

/** The foreign keys that guard a task's references, as the errors the service would have raised. */
function translate(error: unknown, tasks: Array<{ projectId: string; parentId: string | null }>): unknown {
  const constraint = violatedConstraint(error, '23503');
  if (constraint === 'tasks_project_fkey' || constraint === 'task_counters_project_fkey') return new ProjectNotFoundError(tasks[0].projectId);
  if (constraint === 'tasks_parent_fkey') return new ParentNotFoundError(tasks.find((t) => t.parentId)?.parentId ?? 'unknown');
  return error;
}
