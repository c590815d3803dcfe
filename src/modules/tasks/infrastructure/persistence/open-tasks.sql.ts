/** Counts of live tasks per project ($2) by state, for GET /v1/projects/summary: one grouping. */
export const OPEN_TASKS_BY_PROJECT = `select project_id,
    count(*) filter (where status not in ('done', 'cancelled'))::int as open,
    count(*) filter (where status in ('in_progress', 'in_review'))::int as in_progress,
    count(*) filter (where status = 'blocked')::int as blocked,
    count(*) filter (where due_date < current_date and status not in ('done', 'cancelled'))::int as overdue,
    count(*) filter (where status = 'done')::int as done,
    count(*)::int as total
  from tasks where organization_id = $1 and project_id = any($2::uuid[]) and deleted_at is null
  group by project_id`;
