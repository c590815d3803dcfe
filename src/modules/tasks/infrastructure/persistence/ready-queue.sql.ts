import { TASK_COLUMNS } from './task.sql';

/*
 * The ready queue's SQL (ReadyQueueSqlRepository), run through TenantTransaction.query: an
 * anti-join in queue order over a partial index, and the SKIP LOCKED claim. The bench baseline
 * (bench/scenarios/tasks.baseline.ts) copies these statements.
 */

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

/** The queue order, also the keyset of a page. */
export const QUEUE_ORDER = 't.priority_rank, t.created_at, t.id';

/** A page of the queue; `filters` over alias t, $1 the organization. The keyset comes back as priority_rank and created_key. */
export const readySql = (filters: string[], limitParam: string) =>
  `select ${TASK_COLUMNS}, t.priority_rank, t.created_at::text as created_key from tasks t
   where ${['t.organization_id = $1', READY, ...filters].join(' and ')} order by ${QUEUE_ORDER} limit ${limitParam}`;

/**
 * The first free ready task for claimer ($2 type, $3 id), locked. SKIP LOCKED: a row another
 * claimer is taking is passed over, not waited for. If that claim commits first, PostgreSQL
 * re-checks the row's new version against the WHERE clause (it is no longer ready), so no task
 * is handed out twice.
 */
export const claimSql = (filters: string[]) =>
  `select ${TASK_COLUMNS} from tasks t
   where ${['t.organization_id = $1', READY, '(t.assignee_id is null or (t.assignee_type = $2 and t.assignee_id = $3))', ...filters].join(' and ')}
   order by ${QUEUE_ORDER} limit 1 for update of t skip locked`;
