import { TASK_COLUMNS } from './task.sql';

/*
 * The SQL of imports from other systems (TaskImportTypeormRepository), run through
 * TenantTransaction.query: set-based inserts from JSON records (jsonb_to_recordset), the mapped
 * tasks of a project in one join, and the organization's live `blocks` edges for the cycle check.
 */

/** Tasks of project $2 mapped from source $3, with their external id ($1 organization). */
export const MAPPED_TASKS = `select m.external_id as "externalId", ${TASK_COLUMNS}
  from task_external_ids m
  join tasks t on t.organization_id = m.organization_id and t.id = m.task_id
  where m.organization_id = $1 and m.project_id = $2 and m.source = $3`;

/** External ids of tasks ($1 organization, $2 project, $3 source, $4 JSON [{external_id, task_id}]). */
export const INSERT_MAPPINGS = `insert into task_external_ids (organization_id, project_id, source, external_id, task_id)
  select $1, $2, $3, x.external_id, x.task_id from jsonb_to_recordset($4::jsonb) as x(external_id text, task_id uuid)`;

/**
 * Every `blocks` edge of organization $1, and (DELETED_TASKS) its deleted tasks: two plain scans,
 * filtered in the adapter. Joining the edges with tasks twice was planned badly right after a big
 * import (no statistics yet) and ran past the statement timeout on 100,000 edges.
 */
export const BLOCKS_EDGES = `select r.source_id as "sourceId", r.target_id as "targetId" from task_relations r where r.organization_id = $1 and r.type = 'blocks'`;

/** The deleted tasks of organization $1 (the partial index tasks_deletion_idx). */
export const DELETED_TASKS = `select id from tasks where organization_id = $1 and deletion_id is not null`;

/**
 * `blocks` relations ($1 organization, $2 creator type, $3 creator id, $4 JSON [{source_id, target_id}]);
 * a pair already related by `blocks` (either way: task_relations_pair_key) is skipped. Answers the new rows.
 */
export const INSERT_BLOCKS = `insert into task_relations (organization_id, type, source_id, target_id, created_by_type, created_by_id)
  select $1, 'blocks', x.source_id, x.target_id, $2, $3 from jsonb_to_recordset($4::jsonb) as x(source_id uuid, target_id uuid)
  on conflict do nothing
  returning id`;
