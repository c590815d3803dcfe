/**
 * The SQL of executions, steps and the claim queue (what TypeORM cannot say: SKIP LOCKED claims,
 * set-based moves, row locks on partitioned rows). $1 is always the organization.
 */

/** The columns of an execution as the API shows it. */
export const EXECUTION_COLUMNS = `e.id, e.definition_id, e.definition_version, e.project_id, e.trigger, e.actor_type, e.actor_id,
  e.commit_sha, e.branch, e.inputs, e.status, e.concurrency_group, e.admitted_at, e.priority, e.is_deployment, e.run_attempt,
  e.timeout_seconds, e.deadline_at, e.reason, e.external_url, e.template_version_id, e.started_at, e.finished_at, e.created_at, e.updated_at,
  to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at, e.created_at::text as created_key`;

export const STEP_COLUMNS = `s.id, s.execution_id, s.execution_created_at, s.key, s.name, s.stage, s.position, s.needs, s.labels, s.status,
  s.attempt, s.max_attempts, s.retry_exit_codes, s.timeout_seconds, s.spec, s.runner_id, s.lease_expires_at, s.cancel_requested,
  s.exit_code, s.log_chunks, s.log_bytes, s.external_id, s.queued_at, s.started_at, s.finished_at,
  s.execution_created_at::text as execution_created_key`;

export const INSERT_EXECUTION = `
  insert into pipeline_executions (organization_id, definition_id, definition_version, project_id, trigger, actor_type, actor_id,
    event, commit_sha, branch, inputs, status, concurrency_group, admitted_at, priority, is_deployment, timeout_seconds, deadline_at,
    external_url, reason, started_at, finished_at, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, coalesce($23, now()))
  returning ${EXECUTION_COLUMNS.replaceAll('e.', '')}`;

export const INSERT_STEPS = `
  insert into pipeline_step_executions (organization_id, execution_id, execution_created_at, key, name, stage, position, needs, labels,
    max_attempts, retry_exit_codes, timeout_seconds, spec, status, external_id, exit_code, started_at, finished_at)
  select $1, $2, $3, x.key, x.name, x.stage, x.position, x.needs, x.labels, x.max_attempts, x.retry_exit_codes, x.timeout_seconds, x.spec,
    coalesce(x.status, 'pending'), x.external_id, x.exit_code, x.started_at, x.finished_at
  from jsonb_to_recordset($4::jsonb) as x(key text, name text, stage text, position int, needs text[], labels text[], max_attempts int,
    retry_exit_codes int[], timeout_seconds int, spec jsonb, status text, external_id text, exit_code int, started_at timestamptz, finished_at timestamptz)`;

/** An execution by id, locked (its row lock serialises every change of its steps' plan). */
export const LOCK_EXECUTION = `select ${EXECUTION_COLUMNS} from pipeline_executions e where e.organization_id = $1 and e.id = $2 for update`;
export const GET_EXECUTION = `select ${EXECUTION_COLUMNS} from pipeline_executions e where e.organization_id = $1 and e.id = $2`;

export const STEPS_OF_EXECUTION = `select ${STEP_COLUMNS} from pipeline_step_executions s
  where s.organization_id = $1 and s.execution_id = $2 and s.execution_created_at = $3 order by s.position`;

/** Moves pending steps to the queue: the step rows, then one claimable queue row each. */
export const QUEUE_STEPS = `
  with moved as (
    update pipeline_step_executions s set status = 'queued', queued_at = now(), runner_id = null, lease_expires_at = null
    where s.organization_id = $1 and s.execution_created_at = $2 and s.id = any($3::uuid[]) and s.status in ('pending', 'running')
    returning s.id, s.execution_id, s.execution_created_at, s.labels)
  insert into pipeline_step_queue (organization_id, step_id, execution_id, execution_created_at, labels, priority)
  select $1, m.id, m.execution_id, m.execution_created_at, m.labels, $4 from moved m
  on conflict do nothing`;

export const SKIP_STEPS = `update pipeline_step_executions s set status = 'skipped', finished_at = now()
  where s.organization_id = $1 and s.execution_created_at = $2 and s.id = any($3::uuid[]) and s.status = 'pending'`;

/** Cancels (or times out) every unfinished step: queued ones leave the queue, running ones are told at their next heartbeat. */
export const STOP_STEPS = `
  with stopped as (
    update pipeline_step_executions s set status = $4, cancel_requested = (s.status = 'running'), finished_at = now()
    where s.organization_id = $1 and s.execution_id = $2 and s.execution_created_at = $3 and s.status in ('pending', 'queued', 'running')
    returning s.id)
  delete from pipeline_step_queue q using stopped x where q.organization_id = $1 and q.step_id = x.id`;

export const FINISH_EXECUTION = `update pipeline_executions e set status = $4, finished_at = now(), reason = coalesce($5, e.reason)
  where e.organization_id = $1 and e.id = $2 and e.created_at = $3`;

export const ADMIT_EXECUTION = `update pipeline_executions e set admitted_at = now(), deadline_at = now() + make_interval(secs => e.timeout_seconds)
  where e.organization_id = $1 and e.id = $2 and e.created_at = $3`;

export const RESET_FOR_RERUN = `update pipeline_step_executions s set status = 'pending', runner_id = null, lease_expires_at = null,
    cancel_requested = false, exit_code = null, queued_at = null, started_at = null, finished_at = null
  where s.organization_id = $1 and s.execution_created_at = $2 and s.id = any($3::uuid[])`;

export const REOPEN_EXECUTION = `update pipeline_executions e set status = 'queued', finished_at = null, run_attempt = e.run_attempt + 1,
    admitted_at = null, deadline_at = null, reason = null
  where e.organization_id = $1 and e.id = $2 and e.created_at = $3`;

/** Locks the group's row (created on first use): admissions of one group are serialised by it. */
/** Creates the group on first use (or sets its limit) and locks its row; answers the limit. */
export const LOCK_GROUP = `insert into pipeline_concurrency_groups as g (organization_id, group_key, max_running) values ($1, $2, coalesce($3, 1))
  on conflict (organization_id, group_key) do update set max_running = coalesce($3, g.max_running)
  returning g.max_running`;

export const GROUP_COUNTS = `select count(*) filter (where e.admitted_at is not null)::int as admitted,
    count(*) filter (where e.admitted_at is null)::int as waiting
  from pipeline_executions e where e.organization_id = $1 and e.concurrency_group = $2 and e.status in ('queued', 'running')`;

export const GROUP_ACTIVE = `select e.id, e.created_at from pipeline_executions e
  where e.organization_id = $1 and e.concurrency_group = $2 and e.status in ('queued', 'running') and e.id <> $3`;

export const GROUP_WAITING = `select e.id, e.created_at from pipeline_executions e
  where e.organization_id = $1 and e.concurrency_group = $2 and e.status = 'queued' and e.admitted_at is null
  order by e.priority desc, e.created_at, e.id limit $3`;

/**
 * The claim: the runner's next queued step whose labels its labels cover, highest priority then
 * oldest, taken with SKIP LOCKED so concurrent claimers never wait on or get the same row; the
 * queue row goes and the step becomes `running` under a lease, its attempt counted.
 */
export const CLAIM_STEP = `
  with picked as (
    select q.step_id, q.execution_id, q.execution_created_at from pipeline_step_queue q
    where q.organization_id = $1 and q.labels <@ $2::text[]
    order by q.priority desc, q.queued_at, q.step_id
    limit 1 for update skip locked),
  gone as (delete from pipeline_step_queue q using picked p where q.organization_id = $1 and q.step_id = p.step_id
    returning p.step_id, p.execution_created_at)
  update pipeline_step_executions s set status = 'running', runner_id = $3, attempt = s.attempt + 1,
    lease_expires_at = now() + make_interval(secs => $4), started_at = now(), finished_at = null, exit_code = null,
    log_chunks = 0, log_bytes = 0, cancel_requested = false
  from gone g where s.organization_id = $1 and s.id = g.step_id and s.execution_created_at = g.execution_created_at
  returning ${STEP_COLUMNS}`;

export const MARK_EXECUTION_RUNNING = `update pipeline_executions e set status = 'running', started_at = coalesce(e.started_at, now())
  where e.organization_id = $1 and e.id = $2 and e.created_at = $3 and e.status = 'queued'
  returning e.commit_sha, e.branch, e.inputs, e.definition_id, e.definition_version, e.run_attempt`;

/** A step held by this runner, locked. */
export const LOCK_HELD_STEP = `select ${STEP_COLUMNS} from pipeline_step_executions s
  where s.organization_id = $1 and s.id = $2 and s.runner_id = $3 and s.status in ('running', 'cancelled', 'timed_out') for update`;

export const HEARTBEAT = `update pipeline_step_executions s set lease_expires_at = case when s.status = 'running'
    then now() + make_interval(secs => $4) else s.lease_expires_at end
  where s.organization_id = $1 and s.id = $2 and s.runner_id = $3 and s.status in ('running', 'cancelled', 'timed_out')
  returning s.status, s.cancel_requested, s.lease_expires_at`;

export const APPEND_LOG = `
  with chunk as (insert into pipeline_step_logs (organization_id, step_id, attempt, seq, content, bytes) values ($1, $2, $3, $4, $5, $6))
  update pipeline_step_executions s set log_chunks = s.log_chunks + 1, log_bytes = s.log_bytes + $6
  where s.organization_id = $1 and s.id = $2 and s.execution_created_at = $7`;

export const READ_LOG = `select l.seq, l.content from pipeline_step_logs l
  where l.organization_id = $1 and l.step_id = $2 and l.attempt = $3 and l.seq >= $4 order by l.seq limit $5`;

export const FINISH_STEP = `update pipeline_step_executions s set status = $4, exit_code = $5, finished_at = now(), lease_expires_at = null
  where s.organization_id = $1 and s.id = $2 and s.execution_created_at = $3`;

export const REQUEUE_STEP = `
  with moved as (
    update pipeline_step_executions s set status = 'queued', queued_at = now(), runner_id = null, lease_expires_at = null, exit_code = $4
    where s.organization_id = $1 and s.id = $2 and s.execution_created_at = $3
    returning s.id, s.execution_id, s.execution_created_at, s.labels)
  insert into pipeline_step_queue (organization_id, step_id, execution_id, execution_created_at, labels, priority)
  select $1, m.id, m.execution_id, m.execution_created_at, m.labels, $5 from moved m on conflict do nothing`;

export const STEP_BY_ID = `select ${STEP_COLUMNS} from pipeline_step_executions s where s.organization_id = $1 and s.id = $2`;
export const LOCK_STEP_BY_ID = `${STEP_BY_ID} for update`;

export const TASK_EXISTS = `select 1 from tasks t where t.organization_id = $1 and t.id = $2 and t.deleted_at is null`;

export const UPDATE_MIRRORED_EXECUTION = `update pipeline_executions e set status = $4, started_at = coalesce($5, e.started_at), finished_at = $6
  where e.organization_id = $1 and e.id = $2 and e.created_at = $3`;

export const UPDATE_MIRRORED_STEP = `update pipeline_step_executions s set status = $5, exit_code = $6, started_at = $7, finished_at = $8, name = $9
  where s.organization_id = $1 and s.execution_id = $2 and s.execution_created_at = $3 and s.external_id = $4 returning s.id`;

export const NEXT_STEP_POSITION = `select coalesce(max(s.position) + 1, 0)::int as position from pipeline_step_executions s
  where s.organization_id = $1 and s.execution_id = $2 and s.execution_created_at = $3`;

export const LINK_TASK = `insert into pipeline_execution_tasks (organization_id, execution_id, execution_created_at, task_id)
  values ($1, $2, $3, $4) on conflict do nothing`;

export const ADD_EXTERNAL_RUN = `insert into pipeline_external_runs (organization_id, provider, external_id, execution_id, execution_created_at)
  values ($1, $2, $3, $4, $5)`;

export const EXPIRED_LEASES = `select organization_id, step_id, execution_created_at from pipeline_expired_leases($1)`;
export const OVERDUE_EXECUTIONS = `select organization_id, execution_id, created_at from pipeline_overdue_executions($1)`;
export const SCHEDULED_DEFINITIONS = `select organization_id, definition_id, schedules, last_scheduled_at, created_at from pipeline_scheduled_definitions()`;
export const EXPIRE_ARTIFACTS = `select pipeline_expire_artifacts($1) as expired`;
export const RUNNER_ENTER = `select organization_id, labels from pipeline_runner_enter($1, $2)`;

/** Autocommit, as the login role: a SECURITY DEFINER function that answers this runner's facts only. */
export const RUNNER_PEEK = `select organization_id, labels, has_work from pipeline_runner_peek($1, $2)`;

export interface ExecutionRow {
  id: string;
  definition_id: string;
  definition_version: number;
  project_id: string;
  trigger: string;
  actor_type: string | null;
  actor_id: string | null;
  commit_sha: string | null;
  branch: string | null;
  inputs: Record<string, unknown>;
  status: string;
  concurrency_group: string | null;
  admitted_at: Date | null;
  priority: number;
  is_deployment: boolean;
  run_attempt: number;
  timeout_seconds: number;
  deadline_at: Date | null;
  reason: string | null;
  external_url: string | null;
  template_version_id: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
  created_key: string;
}

export interface StepRow {
  id: string;
  execution_id: string;
  execution_created_at: Date;
  key: string;
  name: string;
  stage: string | null;
  position: number;
  needs: string[];
  labels: string[];
  status: string;
  attempt: number;
  max_attempts: number;
  retry_exit_codes: number[];
  timeout_seconds: number;
  spec: Record<string, unknown>;
  runner_id: string | null;
  lease_expires_at: Date | null;
  cancel_requested: boolean;
  exit_code: number | null;
  log_chunks: number;
  log_bytes: string;
  external_id: string | null;
  queued_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  execution_created_key: string;
}
