import { Task } from '../../domain/task';
import { TaskEntity } from './task.entity';

/*
 * The raw SQL of the task adapter (TaskTypeormRepository), run through TenantTransaction.query:
 * the set-based batch insert and update. The bench baseline (bench/scenarios/tasks.baseline.ts)
 * uses these columns and mappings, so both sides do the same work.
 */

/**
 * A task as the adapters read it: the entity's properties (what findOne answers too), without the
 * columns only the database uses (search document, tree path, depth, queue rank, deletion id).
 */
export type TaskRow = Omit<TaskEntity, 'search' | 'treePath' | 'depth' | 'priorityRank' | 'deletionId'>;

/** The columns of a TaskRow, with `t` as the alias of tasks, named as the entity's properties. */
export const TASK_COLUMNS = `t.id, t.organization_id as "organizationId", t.project_id as "projectId", t.number, t.parent_id as "parentId",
  t.workflow_id as "workflowId", t.phase_id as "phaseId", t.title, t.description, t.type, t.status, t.priority,
  t.assignee_type as "assigneeType", t.assignee_id as "assigneeId", t.reporter_type as "reporterType", t.reporter_id as "reporterId",
  t.labels, t.estimate, t.actual_minutes as "actualMinutes", t.due_date::text as "dueDate", t.started_at as "startedAt",
  t.completed_at as "completedAt", t.retry_count as "retryCount", t.max_retries as "maxRetries", t.metadata, t.deleted_at as "deletedAt",
  t.version, t.created_at as "createdAt", t.updated_at as "updatedAt"`;

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    organizationId: row.organizationId,
    projectId: row.projectId,
    number: row.number,
    parentId: row.parentId,
    workflowId: row.workflowId,
    phaseId: row.phaseId,
    title: row.title,
    description: row.description,
    type: row.type,
    status: row.status,
    priority: row.priority,
    assignee: row.assigneeType && row.assigneeId ? { type: row.assigneeType, id: row.assigneeId } : null,
    reporter: row.reporterType ? { type: row.reporterType, id: row.reporterId } : null,
    labels: row.labels,
    estimate: row.estimate,
    actualMinutes: row.actualMinutes,
    dueDate: row.dueDate,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    retryCount: row.retryCount,
    maxRetries: row.maxRetries,
    metadata: row.metadata,
    deletedAt: row.deletedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A task's writable columns as one JSON record, for jsonb_to_recordset(...) AS x(<TASK_RECORD>). */
export function toRecord(
  task: Omit<Task, 'organizationId' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'retryCount'> & { retryCount?: number },
) {
  return {
    id: task.id,
    project_id: task.projectId,
    parent_id: task.parentId,
    workflow_id: task.workflowId,
    phase_id: task.phaseId,
    title: task.title,
    description: task.description,
    type: task.type,
    status: task.status,
    priority: task.priority,
    assignee_type: task.assignee?.type ?? null,
    assignee_id: task.assignee?.id ?? null,
    reporter_type: task.reporter?.type ?? null,
    reporter_id: task.reporter?.id ?? null,
    labels: task.labels,
    estimate: task.estimate,
    actual_minutes: task.actualMinutes,
    due_date: task.dueDate,
    started_at: task.startedAt?.toISOString() ?? null,
    completed_at: task.completedAt?.toISOString() ?? null,
    retry_count: task.retryCount ?? 0,
    max_retries: task.maxRetries,
    metadata: task.metadata,
  };
}

export const TASK_RECORD = `id uuid, project_id uuid, parent_id uuid, workflow_id uuid, phase_id uuid, title text, description text,
  type text, status text, priority text, assignee_type text, assignee_id uuid, reporter_type text, reporter_id uuid, labels text[],
  estimate float8, actual_minutes integer, due_date date, started_at timestamptz, completed_at timestamptz,
  retry_count integer, max_retries integer, metadata jsonb`;

/** One task by id ($1 organization, $2 id): the GET /v1/tasks/{id} read (see TaskTypeormRepository.findById). */
export const FIND_TASK = `select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = $2`;

/** A live task by its number within its project (the number of a key like `PAY-42`). */
export const FIND_TASK_BY_NUMBER = `select ${TASK_COLUMNS} from tasks t
  where t.organization_id = $1 and t.project_id = $2 and t.number = $3 and t.deleted_at is null`;

/**
 * A batch of new tasks ($1 organization, $2 JSON records with `ord` and `level`), numbered per
 * project from task_counters in one statement. Parents are inserted before their children (the
 * tree-path trigger reads the parent row); numbers still follow the input order (`ord`).
 */
export const INSERT_TASKS = `with batch as (
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
  returning ${TASK_COLUMNS}`;

/** The current state of several tasks ($1 organization, $2 JSON records), one statement, each version bumped. */
export const SAVE_TASKS = `update tasks as t set parent_id = x.parent_id, workflow_id = x.workflow_id, phase_id = x.phase_id, title = x.title,
    description = x.description, type = x.type, status = x.status, priority = x.priority, assignee_type = x.assignee_type,
    assignee_id = x.assignee_id, labels = x.labels, estimate = x.estimate, actual_minutes = x.actual_minutes,
    due_date = x.due_date, started_at = x.started_at, completed_at = x.completed_at, retry_count = x.retry_count,
    max_retries = x.max_retries, metadata = x.metadata, version = t.version + 1
  from jsonb_to_recordset($2::jsonb) as x(${TASK_RECORD})
  where t.organization_id = $1 and t.id = x.id
  returning ${TASK_COLUMNS}`;
