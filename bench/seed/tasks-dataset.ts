import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { BaseDataset } from './base-dataset';
import { seedProjectsDataset } from './projects-dataset';

/**
 * Task Management's data set (issue 4), on top of the base and projects data sets,
 * deterministic and idempotent:
 *
 * - organization 1: 100,000 tasks in 10 trees of 10,000, each 10 levels deep (level sizes
 *   below), tree t in project t; 10,000 `blocks` relations (task 10i blocks task 10i+5);
 * - organizations 2…1,000: 901 tasks each over their 5 projects, in chains of up to 9 levels;
 * - organization 2 also holds the claim pool (100,000 unassigned todo tasks, one project) and
 *   organization 3 the update pool (100,000 tasks): the mutating scenarios work there, so the
 *   read scenarios see the same data run after run.
 *
 * 1,000,099 tasks in the 1,000 organizations' regular projects, 1,200,099 with the pools.
 * Written as the owner with session_replication_role = replica (no per-row foreign-key
 * triggers: the data is valid by construction), then analyzed.
 */
export const TASK_ORGANIZATIONS = 1000;
export const TREES = 10;
export const LEVEL_SIZES = [1, 3, 7, 17, 40, 100, 250, 600, 1500, 7482] as const;
export const TREE_SIZE = LEVEL_SIZES.reduce((sum, n) => sum + n, 0);
export const SMALL_ORG_TASKS = 901;
export const BLOCKS = 10_000;
export const POOL_SIZE = 100_000;
export const POOL_NUMBER_OFFSET = 1_000_000;

export const WORDS = [
  'webhook',
  'retry',
  'backoff',
  'deploy',
  'pipeline',
  'cache',
  'index',
  'migration',
  'login',
  'session',
  'token',
  'refresh',
  'dashboard',
  'chart',
  'export',
  'import',
  'billing',
  'invoice',
  'payment',
  'refund',
  'search',
  'filter',
  'sort',
  'pagination',
  'cursor',
  'upload',
  'download',
  'avatar',
  'profile',
  'settings',
  'notification',
  'email',
  'slack',
  'github',
  'linear',
  'agent',
  'prompt',
  'review',
  'merge',
  'branch',
  'release',
  'rollback',
  'canary',
  'metrics',
  'latency',
  'timeout',
  'queue',
  'worker',
  'scheduler',
  'cron',
  'audit',
  'permission',
  'role',
  'tenant',
  'organization',
  'project',
  'repository',
  'commit',
  'coverage',
  'lint',
  'flaky',
  'test',
  'fixture',
  'snapshot',
  'benchmark',
  'profile',
  'memory',
  'leak',
  'crash',
  'panic',
  'parser',
  'schema',
  'validation',
  'error',
  'problem',
  'report',
  'analytics',
  'anomaly',
  'forecast',
  'estimate',
  'onboarding',
  'signup',
  'invite',
  'member',
  'password',
  'reset',
  'encryption',
  'secret',
  'rotation',
  'backup',
  'restore',
  'replica',
  'failover',
  'shard',
  'partition',
  'vacuum',
  'bloat',
  'query',
  'plan',
  'graph',
];
export const LABELS = [
  'backend',
  'frontend',
  'infra',
  'api',
  'db',
  'ui',
  'security',
  'perf',
  'docs',
  'tests',
  'ml',
  'ops',
  'mobile',
  'billing',
  'growth',
  'triage',
  'tech-debt',
  'customer',
  'p1',
  'spike',
];
export const AGENT_COUNT = 20;

/** A v4-shaped uuid from md5(text) (version and variant nibbles set), so request bodies validate too. SQL: uuid4(text). */
export function uuid4(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const UUID4_SQL = (text: string) => `(substr(md5(${text}), 1, 12) || '4' || substr(md5(${text}), 14, 3) || '8' || substr(md5(${text}), 18, 15))::uuid`;

export const taskId = (o: number, n: number) => uuid4(`bench:task:${o}:${n}`);
export const agentId = (a: number) => uuid4(`bench:agent:${a}`);
export const projectId = (o: number, p: number) => md5Uuid(`bench:project:${o}:${p}`);
export const treeRoot = (tree: number) => taskId(1, tree * TREE_SIZE);
/** The extra project of the claim (organization 2) and update (organization 3) pools. */
export const poolProjectId = (o: number) => projectId(o, 1);
export const poolTaskId = (o: number, i: number) => taskId(o, POOL_NUMBER_OFFSET + i);

let seeding: Promise<void> | undefined;

export function seedTasksDataset(
  db: Pool,
  base: BaseDataset,
  log: (line: string) => void = (line) => process.stderr.write(`[bench] ${line}\n`),
): Promise<void> {
  return (seeding ??= seed(db, base, log));
}

async function seed(db: Pool, base: BaseDataset, log: (line: string) => void): Promise<void> {
  await seedProjectsDataset(db, base, log);
  if (base.size.organizations < TASK_ORGANIZATIONS) throw new Error(`The tasks data set needs --orgs=${TASK_ORGANIZATIONS} or more`);
  const { rows } = await db.query<{ present: boolean }>(
    `select exists (select 1 from tasks where organization_id = $1 and id = $2)
        and exists (select 1 from task_relations where organization_id = $3 and source_id = $4) as present`,
    [base.organizationId(3), poolTaskId(3, POOL_SIZE - 1), base.organizationId(1), taskId(1, (BLOCKS - 1) * 10)],
  );
  if (rows[0].present) {
    log('tasks data set present');
    return;
  }
  const started = Date.now();
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    // Bulk-load like a restore: secondary indexes are dropped and rebuilt afterwards (a sorted
    // build is several times faster than 1.2 million random insertions, two of them GIN).
    const indexes = await dropSecondaryIndexes(client, 'tasks');
    await insertBigOrganization(client, base);
    log(`tasks: organization 1 (100,000 in 10 trees) after ${Date.now() - started} ms`);
    await insertSmallOrganizations(client, base);
    log(`tasks: organizations 2…${TASK_ORGANIZATIONS} after ${Date.now() - started} ms`);
    await insertPools(client);
    for (const definition of indexes) await client.query(definition);
    log(`tasks: ${indexes.length} secondary indexes rebuilt after ${Date.now() - started} ms`);
    // The paths computed above must be what the service's triggers would have written.
    const { rows: stale } = await client.query<{ n: string }>(
      `select task_tree_rebuild(md5('bench:org:1')::uuid) + task_tree_rebuild(md5('bench:org:2')::uuid) as n`,
    );
    if (Number(stale[0].n) !== 0) throw new Error(`tasks data set: ${stale[0].n} tree paths differ from the triggers' (see migration TaskTreePaths)`);
    await client.query(
      `insert into task_relations (organization_id, type, source_id, target_id, created_by_type, created_at)
       select md5('bench:org:1')::uuid, 'blocks', ${UUID4_SQL("'bench:task:1:' || (i * 10)")}, ${UUID4_SQL("'bench:task:1:' || (i * 10 + 5)")}, 'system', timestamptz '2025-06-01'
       from generate_series(0, ${BLOCKS - 1}) i
       on conflict do nothing`,
    );
    await client.query(
      `insert into task_counters (organization_id, project_id, last_number)
       select organization_id, project_id, max(number) from tasks
       where organization_id in (select md5('bench:org:' || o)::uuid from generate_series(1, ${TASK_ORGANIZATIONS}) o)
       group by organization_id, project_id
       on conflict (organization_id, project_id) do update set last_number = excluded.last_number`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await db.query('analyze tasks, task_relations, task_counters');
  const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from tasks')).rows;
  log(`tasks data set: ${n} tasks, ${BLOCKS} blocks relations (${Date.now() - started} ms)`);
}

/** Drops the indexes of `table` that back no constraint; returns their definitions, to run again. */
async function dropSecondaryIndexes(client: PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = 'public' and i.tablename = $1
       and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)`,
    [table],
  );
  for (const row of rows) await client.query(`drop index ${row.name}`);
  return rows.map((row) => row.definition);
}

/** Columns every generated task shares, from its organization `o`, its index `n` and a seed expression `h` (0…2^31). */
function commonColumns(o: string, n: string, h: string, memberCount: string): string {
  const word = (k: number) => `(array[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + ((${h} / ${k}) % ${WORDS.length})]`;
  const label = (k: number) => `(array[${LABELS.map((l) => `'${l}'`).join(',')}])[1 + ((${h} / ${k}) % ${LABELS.length})]`;
  const status = `(array['backlog','backlog','backlog','todo','todo','todo','todo','todo','in_progress','in_progress','in_progress','in_review','blocked','done','done','done','done','done','done','cancelled'])[1 + (${h} % 20)]`;
  return `
    initcap(${word(1)}) || ' ' || ${word(7)} || ' ' || ${word(53)} || ' #' || ${n} as title,
    'When ' || ${word(3)} || ' meets ' || ${word(11)} || ', the ' || ${word(101)} || ' ' || ${word(13)} || ' must not ' || ${word(17)} || '. Steps: ' || ${word(19)} || ', ' || ${word(23)} || '.' as description,
    ${status} as status,
    (array['urgent','high','medium','low','none'])[1 + ((${h} / 20) % 5)] as priority,
    case (${h} / 100) % 3 when 0 then 'user' when 1 then 'agent' end as assignee_type,
    case (${h} / 100) % 3
      when 0 then md5('bench:user:' || ${o} || ':' || (1 + (${h} / 300) % ${memberCount}))::uuid
      when 1 then ${UUID4_SQL(`'bench:agent:' || ((${h} / 300) % ${AGENT_COUNT})`)} end as assignee_id,
    array[${label(29)}, ${label(31)}] as labels,
    case when ${h} % 4 = 0 then null else (${h} / 7) % 8 end as estimate,
    case when ${h} % 10 < 3 then date '2026-01-01' + ((${h} / 10) % 365)::int end as due_date`;
}

async function insertBigOrganization(client: PoolClient, base: BaseDataset): Promise<void> {
  const levels = LEVEL_SIZES.map((size, level) => `(${level}, ${size})`).join(', ');
  await client.query(
    `with levels(lvl, size) as (values ${levels}),
     offs as (select lvl, size, (sum(size) over (order by lvl) - size)::int as start from levels),
     nodes as (
       select tree, o.lvl, tree * ${TREE_SIZE} + o.start + k as n, k, o.start,
              case when o.lvl = 0 then null else tree * ${TREE_SIZE} + p.start + k % p.size end as parent_n
       from generate_series(0, ${TREES - 1}) tree cross join offs o cross join lateral generate_series(0, o.size - 1) k
       left join offs p on p.lvl = o.lvl - 1
     ),
     -- Triggers are off (replica mode): depth and tree path (migration TaskTreePaths) are computed here.
     paths as (
       with recursive p(n, path) as (
         select n, uuid_send(${UUID4_SQL("'bench:task:1:' || n")}) from nodes where lvl = 0
         union all
         select c.n, p.path || uuid_send(${UUID4_SQL("'bench:task:1:' || c.n")}) from p join nodes c on c.parent_n = p.n
       ) select * from p
     ),
     g as (select nodes.*, paths.path, (hashint4(nodes.n)::bigint & 2147483647) as h from nodes join paths using (n))
     insert into tasks (organization_id, id, project_id, number, parent_id, type, title, description, status, priority, assignee_type,
                        assignee_id, labels, estimate, due_date, reporter_type, reporter_id, started_at, completed_at, created_at, updated_at,
                        depth, tree_path)
     select md5('bench:org:1')::uuid, ${UUID4_SQL("'bench:task:1:' || n")}, md5('bench:project:1:' || (tree + 1))::uuid, n - tree * ${TREE_SIZE} + 1,
            case when parent_n is null then null else ${UUID4_SQL("'bench:task:1:' || parent_n")} end,
            case when lvl = 0 then 'epic' when lvl = 1 then 'story' when lvl = 9 then 'subtask' when h % 10 = 0 then 'bug' else 'task' end,
            c.title, c.description, c.status, c.priority, c.assignee_type, c.assignee_id, c.labels, c.estimate, c.due_date,
            'user', md5('bench:user:1:' || (1 + h % 50))::uuid,
            case when c.status in ('in_progress', 'in_review', 'done') then ts.created + interval '1 day' end,
            case when c.status in ('done', 'cancelled') then ts.created + interval '3 days' end,
            ts.created, ts.created + interval '4 days', lvl, path
     from g, lateral (select ${commonColumns('1', 'n', 'h', String(Math.min(base.membersOf(1), 500)))}) c,
          lateral (select timestamptz '2025-01-01' + n * interval '3 minutes' as created) ts
     on conflict do nothing`,
  );
}

async function insertSmallOrganizations(client: PoolClient, base: BaseDataset): Promise<void> {
  // Task n of organization o: project 1 + n % 5, number n / 5 + 1, parent n - 100 (same project) for n >= 100.
  await client.query(
    `with g as (select o, n, (hashint4(o * 1000 + n)::bigint & 2147483647) as h from generate_series(2, ${TASK_ORGANIZATIONS}) o cross join generate_series(0, ${SMALL_ORG_TASKS - 1}) n)
     insert into tasks (organization_id, id, project_id, number, parent_id, type, title, description, status, priority, assignee_type,
                        assignee_id, labels, estimate, due_date, reporter_type, reporter_id, started_at, completed_at, created_at, updated_at,
                        depth, tree_path)
     select md5('bench:org:' || o)::uuid, ${UUID4_SQL("'bench:task:' || o || ':' || n")}, md5('bench:project:' || o || ':' || (1 + n % 5))::uuid, n / 5 + 1,
            case when n >= 100 then ${UUID4_SQL("'bench:task:' || o || ':' || (n - 100)")} end,
            (array['story','task','task','task','bug'])[1 + h % 5],
            c.title, c.description, c.status, c.priority, c.assignee_type, c.assignee_id, c.labels, c.estimate, c.due_date,
            'user', md5('bench:user:' || o || ':1')::uuid,
            case when c.status in ('in_progress', 'in_review', 'done') then ts.created + interval '1 day' end,
            case when c.status in ('done', 'cancelled') then ts.created + interval '3 days' end,
            ts.created, ts.created + interval '4 days',
            n / 100, (select string_agg(uuid_send(${UUID4_SQL("'bench:task:' || o || ':' || m")}), ''::bytea order by m) from generate_series(n % 100, n, 100) m)
     from g, lateral (select ${commonColumns('o', 'n', 'h', String(base.size.membersPerOrganization))}) c,
          lateral (select timestamptz '2025-01-01' + n * interval '1 hour' as created) ts
     on conflict do nothing`,
  );
}

/** The claim pool (organization 2) and the update pool (organization 3): unassigned, todo, unblocked. */
async function insertPools(client: PoolClient): Promise<void> {
  for (const o of [2, 3]) {
    await client.query(
      `insert into tasks (organization_id, id, project_id, number, type, title, description, status, priority, labels, created_at, updated_at, depth, tree_path)
       select md5('bench:org:' || $1)::uuid, ${UUID4_SQL(`'bench:task:' || $1 || ':' || (${POOL_NUMBER_OFFSET} + i)`)}, md5('bench:project:' || $1 || ':1')::uuid,
              ${POOL_NUMBER_OFFSET} + i + 1, 'task', 'Pool task ' || i, 'Generated work item ' || i, 'todo',
              (array['urgent','high','medium','low','none'])[1 + i % 5], array['pool'],
              timestamptz '2025-03-01' + i * interval '1 second', timestamptz '2025-03-01' + i * interval '1 second',
              0, uuid_send(${UUID4_SQL(`'bench:task:' || $1 || ':' || (${POOL_NUMBER_OFFSET} + i)`)})
       from generate_series(0, ${POOL_SIZE - 1}) i
       on conflict do nothing`,
      [o],
    );
  }
}

function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
