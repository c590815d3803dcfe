import { Task } from '../../domain/task';
import { AssigneeType, Priority, ReporterType, TaskStatus, TaskType } from '../../domain/task.types';

/** The columns every task query selects, with `t` as the alias of tasks. Dates stay exact as text where cursors need them. */
export const TASK_COLUMNS = `t.id, t.organization_id, t.project_id, t.number, t.parent_id, t.workflow_id, t.phase_id, t.title, t.description,
  t.type, t.status, t.priority, t.assignee_type, t.assignee_id, t.reporter_type, t.reporter_id, t.labels, t.estimate,
  t.actual_minutes, t.due_date::text as due_date, t.started_at, t.completed_at, t.retry_count, t.max_retries, t.metadata,
  t.deleted_at, t.version, t.created_at, t.updated_at`;

export interface TaskRow {
  id: string;
  organization_id: string;
  project_id: string;
  number: number;
  parent_id: string | null;
  workflow_id: string | null;
  phase_id: string | null;
  title: string;
  description: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  assignee_type: AssigneeType | null;
  assignee_id: string | null;
  reporter_type: ReporterType | null;
  reporter_id: string | null;
  labels: string[];
  estimate: number | null;
  actual_minutes: number | null;
  due_date: string | null;
  started_at: Date | null;
  completed_at: Date | null;
  retry_count: number;
  max_retries: number;
  metadata: Record<string, unknown>;
  deleted_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    organizationId: row.organization_id,
    projectId: row.project_id,
    number: row.number,
    parentId: row.parent_id,
    workflowId: row.workflow_id,
    phaseId: row.phase_id,
    title: row.title,
    description: row.description,
    type: row.type,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee_type && row.assignee_id ? { type: row.assignee_type, id: row.assignee_id } : null,
    reporter: row.reporter_type ? { type: row.reporter_type, id: row.reporter_id } : null,
    labels: row.labels,
    estimate: row.estimate,
    actualMinutes: row.actual_minutes,
    dueDate: row.due_date,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    retryCount: row.retry_count,
    maxRetries: row.max_retries,
    metadata: row.metadata,
    deletedAt: row.deleted_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A task's writable columns as one JSON record, for jsonb_to_recordset(...) AS x(<TASK_RECORD>). */
export function toRecord(task: Omit<Task, 'organizationId' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'retryCount'> & { retryCount?: number }) {
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

/**
 * The advisory-lock key of an organization's dependency graph (hashed to bigint). The hierarchy's
 * key is the SQL function task_hierarchy_lock_key(), shared with the tree-path triggers.
 */
export const lockKey = (graph: 'dependencies', organizationId: string) => `tasks.${graph}:${organizationId}`;
