import { NODE_FIELDS, NodeField, TreeNode, TreeNodeView } from '../../application/task-tree.repository';
import { AssigneeType, Priority, TaskStatus, TaskType } from '../../domain/task.types';

/*
 * The hierarchy's SQL (TaskTreeTypeormRepository), run through TenantTransaction.query. `parent_id`
 * is the source of truth; `depth` and the bounded materialized path `tree_path` are kept by the
 * triggers of migration TaskTreePaths. Subtrees of tasks less than TREE_PATH_IDS levels deep are
 * one range of tasks_tree_idx; ancestors, deeper subtrees, deletes and the cycle check of a move
 * walk parent_id with bounded recursive CTEs.
 */

/**
 * Depth at which every walk stops, whatever the data: a guard against a pathological (or, by
 * a bug, cyclic) parent chain. Far beyond any real hierarchy; a 10,000-level chain walks fine.
 */
export const WALK_DEPTH_CAP = 100_000;

/** Ids in a tree path (migration TaskTreePaths): tasks at this depth or deeper share their path. */
export const TREE_PATH_IDS = 16;

/*
 * Each step of a walk is a LATERAL subquery behind an OFFSET 0 fence, holding only the
 * equality the step's index answers ((organization_id, id) up, (organization_id, parent_id)
 * down); the liveness filter is applied outside the fence. Without statistics (PGlite never
 * analyzes; nor does a server with autovacuum off) the planner otherwise picks a partial
 * "deleted_at IS NULL" index on organization_id alone, or a hash join over the whole table,
 * and a deep walk turns quadratic. This way it is one index probe per visited node, always.
 */
const PARENT_OF = (walk: string) => `select t.parent_id from tasks t where t.organization_id = $1 and t.id = ${walk}.id offset 0`;

/** The recursive term that adds the live children of every node of `walk` with the given columns. */
const childStep = (walk: string, columns: readonly string[], depthCap: string) => `
  select ${columns.map((c) => `s.${c}`).join(', ')}, ${walk}.depth + 1
  from ${walk} cross join lateral (
    select ${columns.map((c) => `t.${c}`).join(', ')}, t.deleted_at from tasks t
    where t.organization_id = $1 and t.parent_id = ${walk}.id offset 0) s
  where s.deleted_at is null and ${walk}.depth < ${depthCap}`;

const NODE_COLUMNS = ['id', 'parent_id', 'title', 'type', 'status', 'priority', 'assignee_type', 'assignee_id', 'estimate', 'labels'] as const;
const NODE = NODE_COLUMNS.map((c) => `t.${c}`).join(', ');
/** What the fallback walk carries: the node's columns and its (truncated, shared) tree path. */
const WALK_COLUMNS = [...NODE_COLUMNS, 'tree_path'] as const;

/**
 * The rows of `alias` whose tree path starts with the path in parameter `path` (a bytea): the
 * task itself and its subtree, one range of tasks_tree_idx. No id is all 0xff bytes (uuid
 * version and variant bits), so 17 of them bound every path under the prefix.
 */
const inSubtree = (alias: string, path: string) =>
  `${alias}.tree_path >= ${path}::bytea and ${alias}.tree_path < (${path}::bytea || '\\x${'ff'.repeat(17)}'::bytea)`;

/**
 * Where task $2 sits: its absolute depth and tree path. SQL rather than findOne, on the path of
 * every descendants and progress read: measured 58 µs of Node CPU per call against 290 µs for
 * findOne of the same two columns (module README, Persistence).
 */
export const TASK_POSITION = 'select depth, tree_path from tasks where organization_id = $1 and id = $2';

/** Serializes the organization's hierarchy changes; the key is the function the tree-path triggers lock with. */
export const LOCK_HIERARCHY = 'select pg_advisory_xact_lock(task_hierarchy_lock_key($1))';

/** Ancestors' ids ($1 organization, $2 task, $3 limit), nearest first, by walking parent_id up. */
const ANCESTORS = `with recursive a(id, depth) as (
    select t.parent_id, 1 from tasks t where t.organization_id = $1 and t.id = $2 and t.parent_id is not null
    union all
    select s.parent_id, a.depth + 1 from a cross join lateral (${PARENT_OF('a')}) s
    where s.parent_id is not null and a.depth < $3
  )`;
export const ANCESTOR_IDS = `${ANCESTORS} select id from a order by depth`;
export const ANCESTOR_NODES = `${ANCESTORS} select ${NODE}, a.depth from a join tasks t on t.organization_id = $1 and t.id = a.id order by a.depth`;

/**
 * Descendants in tree order ($1 organization, $2 task, $3 its depth, $4 deepest depth; `filters`
 * over alias d use further parameters). `pathParam` names the parameter holding the task's exact
 * tree path (a task less than TREE_PATH_IDS deep): one range of tasks_tree_idx read in index
 * order. Without it the subtree is walked and sorted by (tree_path, depth, id), the same order
 * since every task below shares one path.
 */
export function descendantsSql(filters: string[], limitParam: string, pathParam?: string, fields: readonly NodeField[] = NODE_FIELDS): string {
  // Labels as JSON: the driver parses it natively, several times faster than a text[] literal
  // (10,000 rows: ~20 ms of Node CPU). Only the fields asked for are read and decoded.
  const columns = ['d.id', 'd.parent_id', ...fields.map((field) => FIELD_COLUMNS[field]), 'd.depth - $3 as depth'].join(', ');
  const where = ['d.id <> $2', 'd.depth <= $4', ...filters].join(' and ');
  return pathParam
    ? `select ${columns} from tasks d
         where d.organization_id = $1 and ${inSubtree('d', pathParam)}
           and d.deleted_at is null and ${where}
         order by d.tree_path, d.depth, d.id limit ${limitParam}`
    : `with recursive w(${WALK_COLUMNS.join(', ')}, depth) as (
           select ${WALK_COLUMNS.map((c) => `t.${c}`).join(', ')}, t.depth from tasks t where t.organization_id = $1 and t.id = $2
           union all ${childStep('w', WALK_COLUMNS, '$4')}
         )
         select ${columns} from w d where ${where}
         order by d.tree_path, d.depth, d.id limit ${limitParam}`;
}

/** The live subtree's ids ($1 organization, $2 task, $3 depth cap), the task included. */
export const SUBTREE_IDS = `with recursive d(id, depth) as (
    select $2::uuid, 0
    union all ${childStep('d', ['id'], '$3')}
  ) select id from d`;

/** Subtree rows d(id, parent_id, status, estimate, depth relative to the task) by range: $1 organization, $2 depth, $3 path. */
const SUBTREE_BY_RANGE = `d(id, parent_id, status, estimate, depth) as (
    select t.id, t.parent_id, t.status, t.estimate, t.depth - $2 from tasks t
    where t.organization_id = $1 and ${inSubtree('t', '$3')} and t.deleted_at is null)`;
/** The same by walking: $1 organization, $2 task, $3 depth cap. */
const SUBTREE_BY_WALK = `d(id, parent_id, status, estimate, depth) as (
    select t.id, t.parent_id, t.status, t.estimate, 0 from tasks t where t.organization_id = $1 and t.id = $2
    union all ${childStep('d', ['id', 'parent_id', 'status', 'estimate'], '$3')})`;

/**
 * Counts and estimates of the subtree by status, for children and leaves. Leaves without a
 * self-join: every descendant once as a node, once as its parent's "has a child" mark, grouped by
 * id. A join of the subtree with its parents is at the mercy of row estimates (a range of a bytea
 * index is estimated at one row: nested loop, 22 million comparisons for 10,000 tasks); a
 * grouping is linear whatever the estimate.
 */
export const progressSql = (byRange: boolean) => `with recursive ${byRange ? SUBTREE_BY_RANGE : SUBTREE_BY_WALK},
  nodes as (
    select x.id, max(x.status) as status, max(x.estimate) as estimate, max(x.depth) as depth, bool_or(x.is_parent) as has_children
    from (select d.id, d.status, d.estimate, d.depth, false as is_parent from d where d.depth > 0
          union all
          select d.parent_id, null, null, null, true from d where d.depth > 1) x
    group by x.id
  )
  select n.status, count(*)::int as total,
    count(*) filter (where n.depth = 1)::int as children,
    count(*) filter (where not n.has_children)::int as leaves,
    coalesce(sum(n.estimate) filter (where n.depth = 1), 0)::float8 as child_estimate,
    coalesce(sum(n.estimate) filter (where not n.has_children), 0)::float8 as leaf_estimate
  from nodes n
  group by n.status`;

/** Soft-deletes the live subtree with one deletion id ($1 organization, $2 task, $3 deletion id, $4 depth cap). */
export const SOFT_DELETE_SUBTREE = `with recursive d(id, depth) as (
    select $2::uuid, 0
    union all ${childStep('d', ['id'], '$4')}
  )
  update tasks t set deleted_at = now(), deletion_id = $3, version = t.version + 1
  from d where t.organization_id = $1 and t.id = d.id
  returning t.id`;

export interface NodeRow {
  id: string;
  parent_id: string | null;
  depth: number;
  title: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  assignee_type: AssigneeType | null;
  assignee_id: string | null;
  estimate: number | null;
  labels: string[];
}

/** The columns behind each node field, as descendantsSql selects them (alias d). */
const FIELD_COLUMNS: Record<NodeField, string> = {
  title: 'd.title',
  type: 'd.type',
  status: 'd.status',
  priority: 'd.priority',
  assignee: 'd.assignee_type, d.assignee_id',
  estimate: 'd.estimate',
  labels: 'array_to_json(d.labels) as labels',
};

/** A node with only the fields asked for (id, parentId and depth always). */
export function toPartialNode(row: Partial<NodeRow> & Pick<NodeRow, 'id' | 'parent_id' | 'depth'>, fields: readonly NodeField[]): TreeNodeView {
  const node: TreeNodeView = { id: row.id, parentId: row.parent_id, depth: row.depth };
  for (const field of fields) {
    if (field === 'assignee') node.assignee = row.assignee_type && row.assignee_id ? { type: row.assignee_type, id: row.assignee_id } : null;
    else if (field === 'title') node.title = row.title;
    else if (field === 'type') node.type = row.type;
    else if (field === 'status') node.status = row.status;
    else if (field === 'priority') node.priority = row.priority;
    else if (field === 'estimate') node.estimate = row.estimate;
    else node.labels = row.labels;
  }
  return node;
}

/** A row of the subtree as the API returns it (also the bench baseline's mapping). */
export function toNode(row: NodeRow): TreeNode {
  return {
    id: row.id,
    parentId: row.parent_id,
    depth: row.depth,
    title: row.title,
    type: row.type,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee_type && row.assignee_id ? { type: row.assignee_type, id: row.assignee_id } : null,
    estimate: row.estimate,
    labels: row.labels,
  };
}
