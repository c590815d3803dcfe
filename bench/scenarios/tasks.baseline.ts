import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { diffRecords } from '../../libs/audit/src/diff';
import { encodeCursor } from '../../libs/http/src/pagination';
import { applyChanges, claim as claimTask, diffTask, Task, transitionTimestamps } from '../../src/modules/tasks/domain/task';
import { buildTaskList, cursorOf } from '../../src/modules/tasks/infrastructure/persistence/task-list.sql';
import { toNode } from '../../src/modules/tasks/infrastructure/persistence/task-tree.sql';
import { TASK_COLUMNS, TASK_RECORD, TaskRow, toRecord, toTask } from '../../src/modules/tasks/infrastructure/persistence/task.sql';
import { BaselineActor, BaselineTools, unauthenticated } from '../lib/baseline-tools';

/*
 * Hand-written equivalents of the Task Management routes the bench measures: the repository
 * adapters' SQL (the list SQL comes from the same builder, so it is the same text), in the same
 * tenant transaction, producing the same JSON. Domain rules and row mapping are the module's
 * pure functions, so both sides do the same CPU work on them.
 */

const page = <T>(items: T[], limit: number, cursor: (last: T) => Array<string | number | null>) => {
  const more = items.length > limit;
  const kept = more ? items.slice(0, limit) : items;
  return { kept, nextCursor: more ? encodeCursor(cursor(kept[kept.length - 1])) : null };
};

type Handler = (
  request: { params: Record<string, string>; query: Record<string, string>; body: any },
  actor: BaselineActor,
  client: PoolClient,
) => Promise<unknown>;

function route(app: FastifyInstance, tools: BaselineTools, method: 'GET' | 'POST' | 'PATCH', url: string, handler: Handler, status = 200) {
  app.route({
    method,
    url,
    handler: async (request, reply) => {
      const actor = tools.authenticate(request.headers);
      if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
      const result = await tools.callerTransaction(actor, (client) => handler(request as never, actor, client));
      if (result === undefined) return reply.code(404).send({ status: 404, code: 'TASKS.TASK_NOT_FOUND' });
      return reply.code(status).send(result);
    },
  });
}

const toList = (value: string | undefined) => value?.split(',').filter(Boolean);

export function registerTaskReadBaselines(app: FastifyInstance, tools: BaselineTools): void {
  route(app, tools, 'GET', '/v1/tasks', async ({ query }, actor, client) => {
    const q = { limit: Number(query.limit ?? 50), projectId: query.projectId, status: toList(query.status) as never, q: query.q };
    const { sql, params } = buildTaskList(actor.organizationId, q);
    const rows = (await client.query(sql, params)).rows;
    const { kept, nextCursor } = page(rows, q.limit, (last) => cursorOf(last, q.q !== undefined));
    return { items: kept.map(toTask), nextCursor };
  });

  route(app, tools, 'GET', '/v1/tasks/:id', async ({ params }, actor, client) => {
    const row = (await client.query(`select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = $2`, [actor.organizationId, params.id]))
      .rows[0];
    return row ? toTask(row) : undefined;
  });

  route(app, tools, 'GET', '/v1/tasks/:id/descendants', async ({ params, query }, actor, client) => {
    const exists = (await client.query(`select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = $2`, [actor.organizationId, params.id]))
      .rows[0];
    if (!exists) return undefined;
    const limit = Number(query.limit ?? 1000);
    const node = (await client.query('select depth, tree_path from tasks where organization_id = $1 and id = $2', [actor.organizationId, params.id])).rows[0];
    const lean = query.fields === 'status';
    const rows = (
      await client.query(lean ? DESCENDANTS_LEAN_SQL : DESCENDANTS_SQL, [
        actor.organizationId,
        params.id,
        node.depth,
        node.depth + 100_000,
        node.tree_path,
        limit + 1,
      ])
    ).rows;
    const kept = rows.slice(0, limit);
    let nextCursor: string | null = null;
    if (rows.length > limit) {
      const last = (
        await client.query(`select encode(tree_path, 'hex') as path, depth from tasks where organization_id = $1 and id = $2`, [
          actor.organizationId,
          kept[kept.length - 1].id,
        ])
      ).rows[0];
      nextCursor = encodeCursor([last.path, last.depth, kept[kept.length - 1].id]);
    }
    return {
      items: lean ? kept.map((row: any) => ({ id: row.id, parentId: row.parent_id, depth: row.depth, status: row.status })) : kept.map(toNode),
      nextCursor,
    };
  });

  route(app, tools, 'GET', '/v1/tasks/ready', async ({ query }, actor, client) => {
    const limit = Number(query.limit ?? 50);
    const rows = (await client.query(READY_SQL, [actor.organizationId, limit + 1])).rows;
    const { kept, nextCursor } = page(rows, limit, (last: any) => [last.priority_rank, last.created_key, last.id]);
    return { items: kept.map(toTask), nextCursor };
  });
}

// TaskTreeTypeormRepository.descendantsOf without filters, for a task less than 16 levels deep (a range of tasks_tree_idx).
export const DESCENDANTS_SQL = `select d.id, d.parent_id, d.title, d.type, d.status, d.priority, d.assignee_type, d.assignee_id, d.estimate,
    array_to_json(d.labels) as labels, d.depth - $3 as depth
  from tasks d
  where d.organization_id = $1 and d.tree_path >= $5::bytea and d.tree_path < ($5::bytea || '\\x${'ff'.repeat(17)}'::bytea)
    and d.deleted_at is null and d.id <> $2 and d.depth <= $4
  order by d.tree_path, d.depth, d.id limit $6`;

// The same with `fields=status`.
export const DESCENDANTS_LEAN_SQL = `select d.id, d.parent_id, d.status, d.depth - $3 as depth
  from tasks d
  where d.organization_id = $1 and d.tree_path >= $5::bytea and d.tree_path < ($5::bytea || '\\x${'ff'.repeat(17)}'::bytea)
    and d.deleted_at is null and d.id <> $2 and d.depth <= $4
  order by d.tree_path, d.depth, d.id limit $6`;

// ReadyQueueSqlRepository.list / lockNext (ready-queue.sql.ts).
const READY = `t.deleted_at is null and t.status in ('backlog', 'todo')
  and not exists (
    select 1 from task_relations r
    join tasks b on b.organization_id = r.organization_id and b.id = r.source_id
    where r.organization_id = t.organization_id and r.target_id = t.id and r.type = 'blocks'
      and b.deleted_at is null and b.status not in ('done', 'cancelled'))`;
export const READY_SQL = `select ${TASK_COLUMNS}, t.priority_rank, t.created_at::text as created_key from tasks t
  where t.organization_id = $1 and ${READY} order by t.priority_rank, t.created_at, t.id limit $2`;
const CLAIM_SQL = `select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and ${READY}
  and (t.assignee_id is null or (t.assignee_type = $2 and t.assignee_id = $3)) and t.project_id = $4
  order by t.priority_rank, t.created_at, t.id limit 1 for update of t skip locked`;

// TaskTypeormRepository.save / insert (task.sql.ts), TaskHistoryTypeormRepository.record (task-history.sql.ts), AuditTrail.recordMany.
const SAVE_SQL = `update tasks as t set parent_id = x.parent_id, workflow_id = x.workflow_id, phase_id = x.phase_id, title = x.title,
    description = x.description, type = x.type, status = x.status, priority = x.priority, assignee_type = x.assignee_type,
    assignee_id = x.assignee_id, labels = x.labels, estimate = x.estimate, actual_minutes = x.actual_minutes,
    due_date = x.due_date, started_at = x.started_at, completed_at = x.completed_at, retry_count = x.retry_count,
    max_retries = x.max_retries, metadata = x.metadata, version = t.version + 1
  from jsonb_to_recordset($2::jsonb) as x(${TASK_RECORD})
  where t.organization_id = $1 and t.id = x.id
  returning ${TASK_COLUMNS}`;
const INSERT_SQL = `with batch as (
    select x.*, row_number() over (partition by x.project_id order by x.ord) as rn
    from jsonb_to_recordset($2::jsonb) as x(${TASK_RECORD}, ord integer)),
  counts as (select project_id, count(*)::int as n from batch group by project_id),
  counters as (
    insert into task_counters as c (organization_id, project_id, last_number)
    select $1, project_id, n from counts
    on conflict (organization_id, project_id) do update set last_number = c.last_number + excluded.last_number
    returning project_id, last_number)
  insert into tasks as t (organization_id, id, project_id, number, parent_id, workflow_id, phase_id, title, description, type,
    status, priority, assignee_type, assignee_id, reporter_type, reporter_id, labels, estimate, actual_minutes, due_date,
    started_at, completed_at, retry_count, max_retries, metadata)
  select $1, b.id, b.project_id, k.last_number - n.n + b.rn, b.parent_id, b.workflow_id, b.phase_id, b.title, b.description,
    b.type, b.status, b.priority, b.assignee_type, b.assignee_id, b.reporter_type, b.reporter_id, b.labels, b.estimate,
    b.actual_minutes, b.due_date, b.started_at, b.completed_at, b.retry_count, b.max_retries, b.metadata
  from batch b join counts n using (project_id) join counters k using (project_id)
  order by b.ord
  returning ${TASK_COLUMNS}`;
const HISTORY_SQL = `insert into task_history (organization_id, task_id, field, old_value, new_value, actor_type, actor_id, request_id)
  select $1, x.task_id, x.field, x.old_value, x.new_value, $2, $3, $4
  from jsonb_to_recordset($5::jsonb) as x(task_id uuid, field text, old_value jsonb, new_value jsonb)`;
const AUDIT_SQL = `insert into audit_logs (organization_id, actor_type, actor_id, action, entity_type, entity_id, changes, request_id)
  values ($1, $2, $3, $4, 'task', $5, $6, $7) returning id, created_at`;

function auditView(task: Task): Record<string, unknown> {
  const { description, organizationId: _o, version: _v, createdAt: _c, updatedAt: _u, ...rest } = task;
  return { ...rest, descriptionLength: description.length };
}

/** TaskChangeLog: the per-field history rows, then the audit entry, in the request's transaction. */
async function logChange(client: PoolClient, actor: BaselineActor, before: Task | null, after: Task, action: string, requestId: string): Promise<void> {
  const entries = diffTask(before, after).map((c) => ({ task_id: after.id, field: c.field, old_value: c.oldValue, new_value: c.newValue }));
  await client.query(HISTORY_SQL, [actor.organizationId, actor.type, actor.id, requestId, JSON.stringify(entries)]);
  const changes = diffRecords(before ? auditView(before) : null, auditView(after));
  await client.query(AUDIT_SQL, [actor.organizationId, actor.type, actor.id, action, after.id, JSON.stringify(changes), requestId]);
}

export function registerTaskWriteBaselines(app: FastifyInstance, tools: BaselineTools): void {
  route(app, tools, 'POST', '/v1/tasks/claim', async ({ body }, actor, client) => {
    const claimer = body.assignee;
    const row = (await client.query(CLAIM_SQL, [actor.organizationId, claimer.type, claimer.id, body.projectId])).rows[0];
    if (!row) return { task: null };
    const before = toTask(row);
    const next = claimTask(before, claimer, new Date());
    const after = toTask((await client.query(SAVE_SQL, [actor.organizationId, JSON.stringify([toRecord(next)])])).rows[0]);
    await logChange(client, actor, before, after, 'claim', String(Math.random()));
    return { task: after };
  });

  route(
    app,
    tools,
    'POST',
    '/v1/tasks',
    async ({ body }, actor, client) => {
      if ((await client.query('select 1 from projects where organization_id = $1 and id = $2', [actor.organizationId, body.projectId])).rowCount === 0)
        return undefined;
      const status = body.status ?? 'backlog';
      const record = {
        ...toRecord({
          id: randomUUID(),
          projectId: body.projectId,
          parentId: null,
          workflowId: null,
          phaseId: null,
          title: String(body.title).trim(),
          description: body.description ?? '',
          type: body.type ?? 'task',
          status,
          priority: body.priority ?? 'none',
          assignee: null,
          reporter: { type: actor.type, id: actor.id },
          labels: body.labels ?? [],
          estimate: body.estimate ?? null,
          actualMinutes: null,
          dueDate: null,
          maxRetries: 0,
          metadata: {},
          ...transitionTimestamps({ status: 'backlog', startedAt: null, completedAt: null }, status, new Date()),
        }),
        ord: 0,
      };
      const created = toTask((await client.query(INSERT_SQL, [actor.organizationId, JSON.stringify([record])])).rows[0] as TaskRow);
      await logChange(client, actor, null, created, 'create', String(Math.random()));
      return created;
    },
    201,
  );

  route(app, tools, 'PATCH', '/v1/tasks/:id', async ({ params, body }, actor, client) => {
    const row = (
      await client.query(`select ${TASK_COLUMNS} from tasks t where t.organization_id = $1 and t.id = $2 for update`, [actor.organizationId, params.id])
    ).rows[0];
    if (!row) return undefined;
    const before = toTask(row);
    if (before.version !== body.version) return { status: 409, code: 'COMMON.STALE_VERSION' };
    const { version: _version, ...changes } = body;
    const next = applyChanges(before, changes, new Date());
    const after = toTask((await client.query(SAVE_SQL, [actor.organizationId, JSON.stringify([toRecord(next)])])).rows[0]);
    await logChange(client, actor, before, after, 'update', String(Math.random()));
    return after;
  });
}
