import { RelationType, TaskStatus } from '../../domain/task.types';

/*
 * The relations' SQL (TaskRelationTypeormRepository), run through TenantTransaction.query:
 * the dependency lock, the two-ended listing, the pair lookup over the expression index, and the
 * recursive walks of the `blocks` graph.
 */

/** Serializes `blocks` insertions of the organization ($1) until the transaction ends (the cycle check). */
export const LOCK_DEPENDENCIES = `select pg_advisory_xact_lock(hashtextextended('tasks.dependencies:' || $1::text, 0))`;

export interface RelationRow {
  id: string;
  type: RelationType;
  source_id: string;
  target_id: string;
  created_at: Date;
}

/** Every relation of task $2 from either end, with the task at the other end. */
export const RELATIONS_OF_TASK = `select r.id, r.type, r.source_id, r.target_id, r.created_at, o.id as other_id, o.title, o.status, o.project_id, o.deleted_at
  from task_relations r
  join tasks o on o.organization_id = r.organization_id
    and o.id = case when r.source_id = $2 then r.target_id else r.source_id end
  where r.organization_id = $1 and (r.source_id = $2 or r.target_id = $2)
  order by r.created_at, r.id`;
export type RelationOfTaskRow = RelationRow & { other_id: string; title: string; status: TaskStatus; project_id: string; deleted_at: Date | null };

/** The relation of type $2 between $3 and $4 in either direction: the unordered pair of task_relations_pair_key. */
export const FIND_PAIR = `select id, type, source_id, target_id, created_at from task_relations
  where organization_id = $1 and type = $2
    and least(source_id, target_id) = least($3::uuid, $4::uuid) and greatest(source_id, target_id) = greatest($3::uuid, $4::uuid)`;

/** One step of a dependency walk; the OFFSET 0 fence keeps it an index probe per node (see task-tree.sql.ts). */
const BLOCKED_BY = (walk: string) =>
  `select x.target_id from task_relations x where x.organization_id = $1 and x.source_id = ${walk}.id and x.type = 'blocks' offset 0`;

/** The tasks reachable from $2 over `blocks`. UNION (not UNION ALL) visits each once, so the walk ends on any graph. */
const REACHABLE = `with recursive r(id) as (
    select $2::uuid
    union
    select x.target_id from r cross join lateral (${BLOCKED_BY('r')}) x
  )`;

/** Is $3 reachable from $2? EXISTS stops at the first hit. */
export const BLOCKS_PATH_EXISTS = `${REACHABLE} select exists (select 1 from r where r.id = $3::uuid) as found`;

/** The `blocks` edges among the tasks reachable from $2, at most $3. */
export const BLOCKS_EDGES_FROM = `${REACHABLE}
  select x.source_id, x.target_id from task_relations x
  where x.organization_id = $1 and x.type = 'blocks' and x.source_id in (select id from r)
  limit $3`;
