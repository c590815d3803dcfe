/**
 * Delivery figures of one pipeline over the last $3 days ($1 organization, $2 pipeline, $4 branch
 * or null). Every read is bounded by created_at, so only the window's monthly partitions are read.
 */
export const EXECUTION_FIGURES = `
  with e as (
    select e.status, e.created_at, e.started_at, e.finished_at from pipeline_executions e
    where e.organization_id = $1 and e.definition_id = $2 and e.created_at >= now() - make_interval(days => $3)
      and ($4::text is null or e.branch = $4))
  select count(*)::int as executions,
    count(*) filter (where e.finished_at is not null)::int as finished,
    (count(*) filter (where e.status = 'succeeded'))::float8
      / nullif(count(*) filter (where e.status in ('succeeded', 'failed', 'timed_out')), 0) as success_rate,
    percentile_cont(0.5) within group (order by extract(epoch from e.finished_at - e.started_at)) as duration_p50,
    percentile_cont(0.95) within group (order by extract(epoch from e.finished_at - e.started_at)) as duration_p95,
    percentile_cont(0.5) within group (order by extract(epoch from e.started_at - e.created_at)) as queue_p50,
    percentile_cont(0.95) within group (order by extract(epoch from e.started_at - e.created_at)) as queue_p95
  from e`;

/** Steps that failed then passed on one commit (another execution, or an automatic retry), by commits affected. */
export const FLAKY_STEPS = `
  with per_commit as (
    select s.key, e.commit_sha from pipeline_executions e
    join pipeline_step_executions s on s.organization_id = e.organization_id and s.execution_id = e.id
      and s.execution_created_at = e.created_at
    where e.organization_id = $1 and e.definition_id = $2 and e.created_at >= now() - make_interval(days => $3)
      and s.execution_created_at >= now() - make_interval(days => $3)
      and ($4::text is null or e.branch = $4) and e.commit_sha is not null
    group by s.key, e.commit_sha
    having (bool_or(s.status = 'failed') and bool_or(s.status = 'succeeded')) or bool_or(s.status = 'succeeded' and s.attempt > 1))
  select key, count(*)::int as flaky_commits from per_commit group by key order by flaky_commits desc, key limit 20`;

/** DORA figures of a deployment pipeline: frequency, lead time from a commit's first execution in the project, change failure rate, time to restore. */
export const DORA_FIGURES = `
  with d as (
    select e.status, e.commit_sha, e.finished_at, e.project_id from pipeline_executions e
    where e.organization_id = $1 and e.definition_id = $2 and e.created_at >= now() - make_interval(days => $3)
      and ($4::text is null or e.branch = $4) and e.status in ('succeeded', 'failed', 'timed_out')),
  first_seen as (
    select x.commit_sha, min(x.created_at) as at from pipeline_executions x
    where x.organization_id = $1 and x.project_id = (select project_id from d limit 1)
      and x.created_at >= now() - make_interval(days => $3 + 30)
      and x.commit_sha in (select commit_sha from d where status = 'succeeded' and commit_sha is not null)
    group by x.commit_sha),
  restored as (
    select f.finished_at as failed_at,
      (select min(s.finished_at) from d s where s.status = 'succeeded' and s.finished_at > f.finished_at) as restored_at
    from d f where f.status <> 'succeeded')
  select
    (count(*) filter (where d.status = 'succeeded'))::float8 / $3 as deployments_per_day,
    (select percentile_cont(0.5) within group (order by extract(epoch from s.finished_at - fs.at))
       from d s join first_seen fs on fs.commit_sha = s.commit_sha where s.status = 'succeeded') as lead_time,
    (count(*) filter (where d.status <> 'succeeded'))::float8 / nullif(count(*), 0) as change_failure_rate,
    (select percentile_cont(0.5) within group (order by extract(epoch from r.restored_at - r.failed_at)) from restored r where r.restored_at is not null)
      as time_to_restore
  from d`;

/** Success rate of each project's pipelines over the last 30 days (the cross-project summary). */
export const PROJECT_SUCCESS_RATES = `
  select e.project_id, count(*)::int as executions,
    (count(*) filter (where e.status = 'succeeded'))::float8 / nullif(count(*) filter (where e.status in ('succeeded', 'failed', 'timed_out')), 0) as success_rate,
    count(*) filter (where e.status in ('queued', 'running'))::int as active
  from pipeline_executions e
  where e.organization_id = $1 and e.project_id = any($2::uuid[]) and e.created_at >= now() - interval '30 days'
  group by e.project_id`;
