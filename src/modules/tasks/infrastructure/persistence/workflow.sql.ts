import { WorkflowPhase } from '../../domain/workflow';

/*
 * The workflows' SQL (WorkflowTypeormRepository), run through TenantTransaction.query: a workflow
 * with its ordered phases in one round trip, the set-based phase update, and the aggregates.
 */

export interface WorkflowRow {
  id: string;
  organization_id: string;
  project_id: string;
  name: string;
  description: string;
  phases: WorkflowPhase[];
  version: number;
  created_at: Date;
  updated_at: Date;
  created_key?: string;
}

/** A workflow (alias w) and its phases, ordered, as one JSON array: one round trip where the entities would take two. */
const WORKFLOW_COLUMNS = `w.id, w.organization_id, w.project_id, w.name, w.description, w.version, w.created_at, w.updated_at,
  coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'description', p.description, 'position', p.position)
                            order by p.position)
            from workflow_phases p where p.organization_id = w.organization_id and p.workflow_id = w.id), '[]') as phases`;

/** $1 organization, $2 id. */
export const FIND_WORKFLOW = `select ${WORKFLOW_COLUMNS} from workflows w where w.organization_id = $1 and w.id = $2`;

/** A page ($1 organization, $2 limit, `filters` over alias w), keyset (created_at, id); the keyset's time as exact text. */
export const listWorkflowsSql = (filters: string[]) =>
  `select ${WORKFLOW_COLUMNS}, w.created_at::text as created_key from workflows w where ${['w.organization_id = $1', ...filters].join(' and ')}
   order by w.created_at, w.id limit $2`;

/** Kept phases' names, descriptions and positions ($1 organization, $2 workflow, $3 JSON records), one statement. */
export const UPDATE_PHASES = `update workflow_phases p set name = x.name, description = coalesce(x.description, p.description), position = x.position
  from jsonb_to_recordset($3::jsonb) as x(id uuid, name text, description text, position int)
  where p.organization_id = $1 and p.workflow_id = $2 and p.id = x.id`;

/** Counts and estimates of live tasks per workflow ($2), phase and status. */
export const PROGRESS_BY_PHASE = `select workflow_id, phase_id, status, count(*)::int as n, coalesce(sum(estimate), 0)::float8 as estimate
  from tasks where organization_id = $1 and workflow_id = any($2::uuid[]) and deleted_at is null
  group by workflow_id, phase_id, status`;

/** Lead and cycle time of the tasks of workflow $2 done in [$3, $4), per phase and overall (grouping sets). */
export const WORKFLOW_METRICS = `select phase_id, grouping(phase_id) = 1 as overall, count(*)::int as completed,
    avg(extract(epoch from completed_at - created_at))::float8 as lead_avg,
    percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at))::float8 as lead_p50,
    percentile_cont(0.85) within group (order by extract(epoch from completed_at - created_at))::float8 as lead_p85,
    avg(extract(epoch from completed_at - started_at))::float8 as cycle_avg,
    percentile_cont(0.5) within group (order by extract(epoch from completed_at - started_at))::float8 as cycle_p50,
    percentile_cont(0.85) within group (order by extract(epoch from completed_at - started_at))::float8 as cycle_p85
  from tasks
  where organization_id = $1 and workflow_id = $2 and status = 'done' and deleted_at is null
    and completed_at >= $3 and completed_at < $4
  group by grouping sets ((phase_id), ())`;
