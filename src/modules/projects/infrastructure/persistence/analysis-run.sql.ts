/**
 * The analysis-run adapter's SQL that TypeORM cannot say: the status claims (a guarded move that
 * answers the row it moved, with durations computed by the database clock), the trend window and
 * the newest run per repository. Run through `TenantTransaction.query`; rows come back as `a.*`.
 */

/** Running (again) unless finished. $1 organization, $2 run, $3 attempt, $4 analyzer. */
export const START_RUN = `update analysis_runs a set status = 'running', attempts = $3, analyzer = $4, started_at = now(), heartbeat_at = now(), version = a.version + 1
  where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning a.*`;

/** Completed, only from running. $1 organization, $2 run, $3 commit SHA, $4 metrics, $5 results. */
export const COMPLETE_RUN = `update analysis_runs a set status = 'completed', commit_sha = $3, metrics = $4, results = $5, error = null, finished_at = now(),
    duration_ms = (extract(epoch from now() - a.started_at) * 1000)::integer, version = a.version + 1
  where a.organization_id = $1 and a.id = $2 and a.status = 'running' returning a.*`;

/** Back to queued for another attempt, the reason kept. $1 organization, $2 run, $3 reason. */
export const REQUEUE_RUN = `update analysis_runs a set status = 'queued', error = $3, version = a.version + 1
  where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning a.*`;

/** Failed for good unless already finished. $1 organization, $2 run, $3 reason. */
export const FAIL_RUN = `update analysis_runs a set status = 'failed', error = $3, finished_at = now(),
    duration_ms = (extract(epoch from now() - coalesce(a.started_at, a.queued_at)) * 1000)::integer, version = a.version + 1
  where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning a.*`;

/**
 * The newest `limit` completed runs of a branch within [from, to), oldest first.
 * $1 organization, $2 repository, $3 branch, $4 from (null: open), $5 to (null: open), $6 limit.
 */
export const BRANCH_TREND = `select id, commit_sha, finished_at, metrics from (
    select a.id, a.commit_sha, a.finished_at, a.metrics from analysis_runs a
    where a.organization_id = $1 and a.repository_id = $2 and a.branch = $3 and a.status = 'completed'
      and ($4::timestamptz is null or a.finished_at >= $4) and ($5::timestamptz is null or a.finished_at < $5)
    order by a.finished_at desc limit $6) newest
  order by finished_at`;

/** The newest completed run on each repository's default branch. $1 organization, $2 repository ids. */
export const LATEST_OF_DEFAULT_BRANCHES = `select latest.* from repositories r
  cross join lateral (
    select a.repository_id, a.id, a.finished_at, a.metrics from analysis_runs a
    where a.organization_id = r.organization_id and a.repository_id = r.id and a.branch = r.default_branch and a.status = 'completed'
    order by a.finished_at desc limit 1) latest
  where r.organization_id = $1 and r.id = any($2::uuid[])`;

/**
 * Across tenants, for the reaper: unfinished runs whose job can no longer finish them
 * (SECURITY DEFINER function of the migration; runs outside any tenant).
 */
export const RUNS_NEEDING_REPAIR = `select * from analysis_runs_needing_repair(interval '2 minutes', 500)`;
