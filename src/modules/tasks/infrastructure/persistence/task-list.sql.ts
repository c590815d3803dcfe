import { decodeCursor } from '@switchyard/http';
import { TaskListQuery, TaskSort } from '../../application/task.repository';
import { TASK_COLUMNS } from './task.sql';

interface SortSpec {
  /** Expressions of the keyset, in order; all sorted the same direction. */
  keys: string[];
  /** SQL casts of the cursor values, one per key. */
  casts: string[];
  descending: boolean;
}

const SORTS: Record<Exclude<TaskSort, 'relevance'>, SortSpec> = {
  created: { keys: ['t.created_at', 't.id'], casts: ['timestamptz', 'uuid'], descending: false },
  '-created': { keys: ['t.created_at', 't.id'], casts: ['timestamptz', 'uuid'], descending: true },
  updated: { keys: ['t.updated_at', 't.id'], casts: ['timestamptz', 'uuid'], descending: false },
  '-updated': { keys: ['t.updated_at', 't.id'], casts: ['timestamptz', 'uuid'], descending: true },
  priority: { keys: ['t.priority_rank', 't.created_at', 't.id'], casts: ['smallint', 'timestamptz', 'uuid'], descending: false },
  '-priority': { keys: ['t.priority_rank', 't.created_at', 't.id'], casts: ['smallint', 'timestamptz', 'uuid'], descending: true },
  due: { keys: [`coalesce(t.due_date, 'infinity'::date)`, 't.id'], casts: ['date', 'uuid'], descending: false },
  '-due': { keys: [`coalesce(t.due_date, 'infinity'::date)`, 't.id'], casts: ['date', 'uuid'], descending: true },
};

/**
 * The SQL of GET /v1/tasks: whitelisted filters, one of the whitelisted keyset sorts, and
 * ranked full-text search. Every value is a parameter; `q` goes through websearch_to_tsquery
 * (in task_search), which never fails on syntax, so quotes, `&`, `|`, `!` or SQL in it are
 * plain words.
 * The keyset values come back as text (`k0`, `k1`, ...) so timestamps keep microseconds.
 */
export function buildTaskList(organizationId: string, query: TaskListQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [organizationId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where = ['t.organization_id = $1'];
  const deleted = query.deleted ?? 'exclude';
  if (deleted !== 'include') where.push(deleted === 'only' ? 't.deleted_at is not null' : 't.deleted_at is null');
  if (query.projectId) where.push(`t.project_id = ${p(query.projectId)}`);
  if (query.workflowId) where.push(`t.workflow_id = ${p(query.workflowId)}`);
  if (query.phaseId) where.push(`t.phase_id = ${p(query.phaseId)}`);
  if (query.status?.length) where.push(`t.status = any(${p(query.status)}::text[])`);
  if (query.priority?.length) where.push(`t.priority = any(${p(query.priority)}::text[])`);
  if (query.type?.length) where.push(`t.type = any(${p(query.type)}::text[])`);
  if (query.assigneeId) where.push(`t.assignee_id = ${p(query.assigneeId)}`);
  if (query.assigneeType === 'none') where.push('t.assignee_id is null');
  else if (query.assigneeType) where.push(`t.assignee_type = ${p(query.assigneeType)}`);
  if (query.reporterId) where.push(`t.reporter_id = ${p(query.reporterId)}`);
  if (query.labels?.length) where.push(`t.labels @> ${p(query.labels)}::text[]`);
  if (query.parentId) where.push(`t.parent_id = ${p(query.parentId)}`);
  if (query.topLevel) where.push('t.parent_id is null');
  if (query.dueBefore) where.push(`t.due_date <= ${p(query.dueBefore)}::date`);
  if (query.dueAfter) where.push(`t.due_date >= ${p(query.dueAfter)}::date`);
  if (query.updatedSince) where.push(`t.updated_at >= ${p(query.updatedSince)}`);

  const limit = p(query.limit + 1);
  if (query.q !== undefined) {
    // task_search (SECURITY DEFINER, see the migration) matches through the GIN index, for the
    // current tenant only; the join back to tasks applies the other filters under RLS.
    const search = `task_search(${p(query.q)})`;
    if ((query.sort ?? 'relevance') === 'relevance') {
      let cursor = '';
      if (query.cursor) {
        const [rank, id] = decodeCursor(query.cursor, 2);
        const r = p(rank);
        cursor = `where (x.rank < ${r}::float8 or (x.rank = ${r}::float8 and x.id > ${p(id)}::uuid))`;
      }
      return {
        sql: `select * from (
                select ${TASK_COLUMNS}, s.rank from ${search} s
                join tasks t on t.organization_id = $1 and t.id = s.task_id
                where ${where.join(' and ')}
              ) x ${cursor}
              order by x.rank desc, x.id limit ${limit}`,
        params,
      };
    }
    where.push(`t.id in (select s.task_id from ${search} s)`);
  }

  const sort = SORTS[query.sort && query.sort !== 'relevance' ? query.sort : '-created'];
  const direction = sort.descending ? 'desc' : 'asc';
  if (query.cursor) {
    const values = decodeCursor(query.cursor, sort.keys.length);
    const tuple = values.map((value, i) => `${p(value)}::${sort.casts[i]}`).join(', ');
    where.push(`(${sort.keys.join(', ')}) ${sort.descending ? '<' : '>'} (${tuple})`);
  }
  const keys = sort.keys.map((key, i) => `(${key})::text as k${i}`).join(', ');
  return {
    sql: `select ${TASK_COLUMNS}, ${keys} from tasks t where ${where.join(' and ')}
          order by ${sort.keys.map((key) => `${key} ${direction}`).join(', ')} limit ${limit}`,
    params,
  };
}

/** The cursor of a row of buildTaskList's result. */
export function cursorOf(row: Record<string, unknown>, relevance: boolean): Array<string | number | null> {
  if (relevance) return [row.rank as number, row.id as string];
  const values: Array<string | null> = [];
  for (let i = 0; `k${i}` in row; i += 1) values.push(row[`k${i}`] as string | null);
  return values;
}
