import { randomUUID } from 'node:crypto';
import { defineScenario, SeedContext } from '../lib/scenario';
import {
  agentId,
  AGENT_COUNT,
  poolProjectId,
  poolTaskId,
  POOL_SIZE,
  projectId,
  seedTasksDataset,
  taskId,
  TREE_SIZE,
  TREES,
  treeRoot,
  WORDS,
} from '../seed/tasks-dataset';
import { registerTaskReadBaselines, registerTaskWriteBaselines } from './tasks.baseline';

/*
 * Task Management (issue 4) over the tasks data set (bench/seed/tasks-dataset.ts): 1.2M tasks in
 * 1,000 organizations. Reads go to organization 1 (100,000 tasks), the claim to organization 2's
 * pool of 100,000 (reset before each run), create and update to organization 3.
 */

/** Tokens of up to 200 members of organization `o` who may write (no viewers). */
async function tokensOf(ctx: SeedContext, o: number, writers = false): Promise<string[]> {
  const base = await ctx.base();
  await seedTasksDataset(ctx.db, base);
  const tokens: string[] = [];
  for (let m = 1; m <= Math.min(base.membersOf(o), 200); m++) {
    if (writers && base.role(m) === 'viewer') continue;
    tokens.push(ctx.accessToken(base.userId(o, m), base.organizationId(o), base.role(m)));
  }
  return tokens;
}

const rotate = <T>(values: T[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const tasksList = defineScenario({
  name: 'tasks-list',
  title: 'GET /v1/tasks?projectId&status=todo,in_progress&limit=50 (project of 10,000 in an organization of 100,000)',
  seed: (ctx) => tokensOf(ctx, 1),
  requests(tokens) {
    const token = rotate(tokens);
    const project = rotate(Array.from({ length: TREES }, (_, t) => projectId(1, t + 1)));
    return () => ({ method: 'GET', path: `/v1/tasks?projectId=${project()}&status=todo,in_progress&limit=50`, headers: bearer(token()) });
  },
  baseline: registerTaskReadBaselines,
});

/** Two-word queries: each word is in about a tenth of the tasks, both in about 1-2 % (1,000–2,000 of 100,000 to rank). */
const QUERIES = Array.from({ length: 40 }, (_, i) => `${WORDS[(i * 7) % WORDS.length]} ${WORDS[(i * 13 + 5) % WORDS.length]}`);

export const tasksSearch = defineScenario({
  name: 'tasks-search',
  title: 'GET /v1/tasks?q=<two words>&limit=50, ranked full text over 100,000 tasks',
  seed: (ctx) => tokensOf(ctx, 1),
  requests(tokens) {
    const token = rotate(tokens);
    const query = rotate(QUERIES);
    return () => ({ method: 'GET', path: `/v1/tasks?q=${encodeURIComponent(query())}&limit=50`, headers: bearer(token()) });
  },
  baseline: registerTaskReadBaselines,
});

export const tasksGet = defineScenario({
  name: 'tasks-get',
  title: 'GET /v1/tasks/{id}, 10,000 different tasks of organization 1',
  seed: (ctx) => tokensOf(ctx, 1),
  requests(tokens) {
    const token = rotate(tokens);
    const id = rotate(Array.from({ length: 10_000 }, (_, i) => taskId(1, (i * 7919) % (TREES * TREE_SIZE))));
    return () => ({ method: 'GET', path: `/v1/tasks/${id()}`, headers: bearer(token()) });
  },
  baseline: registerTaskReadBaselines,
});

/** Descendants of the 10 tree roots of organization 1 (10,000 tasks each), `limit` per request. */
const descendantsOfRoots = (limit: number, fields?: string) => ({
  seed: (ctx: SeedContext) => tokensOf(ctx, 1),
  requests(tokens: string[]) {
    const token = rotate(tokens);
    const root = rotate(Array.from({ length: TREES }, (_, t) => treeRoot(t)));
    const lean = fields ? `&fields=${fields}` : '';
    return () => ({ method: 'GET' as const, path: `/v1/tasks/${root()}/descendants?limit=${limit}${lean}`, headers: bearer(token()) });
  },
  baseline: registerTaskReadBaselines,
});

export const tasksDescendants = defineScenario({
  name: 'tasks-descendants',
  title: 'GET /v1/tasks/{root}/descendants?limit=10000: a 10-level subtree of 10,000 tasks',
  ...descendantsOfRoots(10_000),
  maxConnections: 10,
});

export const tasksDescendantsLean = defineScenario({
  name: 'tasks-descendants-lean',
  title: 'GET /v1/tasks/{root}/descendants?limit=10000&fields=status: the same subtree, lean (id, parentId, depth, status)',
  ...descendantsOfRoots(10_000, 'status'),
  maxConnections: 10,
});

export const tasksDescendantsPage = defineScenario({
  name: 'tasks-descendants-page',
  title: 'GET /v1/tasks/{root}/descendants?limit=100: first page of a 10,000-task subtree, in tree order',
  ...descendantsOfRoots(100),
});

export const tasksReady = defineScenario({
  name: 'tasks-ready',
  title: 'GET /v1/tasks/ready?limit=50 (100,000 tasks, 10,000 blocks relations)',
  seed: (ctx) => tokensOf(ctx, 1),
  requests(tokens) {
    const token = rotate(tokens);
    return () => ({ method: 'GET', path: '/v1/tasks/ready?limit=50', headers: bearer(token()) });
  },
  baseline: registerTaskReadBaselines,
});

export const tasksClaim = defineScenario({
  name: 'tasks-claim',
  title: 'POST /v1/tasks/claim, 50 concurrent claimers on one queue of 100,000 (SKIP LOCKED)',
  async seed(ctx) {
    const tokens = await tokensOf(ctx, 2, true);
    const base = await ctx.base();
    // Every run starts from a full queue: claimed pool tasks go back to todo, unassigned.
    const { rowCount } = await ctx.db.query(
      `update tasks set status = 'todo', assignee_type = null, assignee_id = null, started_at = null
       where organization_id = $1 and project_id = $2 and status <> 'todo'`,
      [base.organizationId(2), poolProjectId(2)],
    );
    process.stderr.write(`[bench] tasks-claim: ${rowCount} pool tasks returned to the queue\n`);
    return tokens;
  },
  requests(tokens) {
    const token = rotate(tokens);
    const agent = rotate(Array.from({ length: AGENT_COUNT }, (_, a) => agentId(a)));
    return () => ({
      method: 'POST',
      path: '/v1/tasks/claim',
      headers: bearer(token()),
      body: { projectId: poolProjectId(2), assignee: { type: 'agent', id: agent() } },
    });
  },
  baseline: registerTaskWriteBaselines,
});

export const tasksCreate = defineScenario({
  name: 'tasks-create',
  title: 'POST /v1/tasks (next project number, history, audit), organization 3',
  seed: (ctx) => tokensOf(ctx, 3, true),
  requests(tokens) {
    const token = rotate(tokens);
    const project = rotate(Array.from({ length: 4 }, (_, p) => projectId(3, p + 2)));
    let i = 0;
    return () => {
      i += 1;
      return {
        method: 'POST',
        path: '/v1/tasks',
        headers: bearer(token()),
        body: {
          projectId: project(),
          title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} bench ${randomUUID().slice(0, 8)}`,
          description: `Created by the bench: ${WORDS[(i * 3) % WORDS.length]} and ${WORDS[(i * 11) % WORDS.length]}.`,
          priority: (['urgent', 'high', 'medium', 'low', 'none'] as const)[i % 5],
          labels: ['bench'],
          status: 'todo',
        },
      };
    };
  },
  baseline: registerTaskWriteBaselines,
  expectedStatus: 201,
});

/** Versions of the update pool, read at seed time and advanced by every request (one task per request). */
const updatePool = { versions: [] as number[], next: 0 };

export const tasksUpdate = defineScenario({
  name: 'tasks-update',
  title: 'PATCH /v1/tasks/{id} {version, priority, title} (history, audit), 100,000 tasks of organization 3',
  async seed(ctx) {
    const tokens = await tokensOf(ctx, 3, true);
    const base = await ctx.base();
    const { rows } = await ctx.db.query<{ number: number; version: number }>(
      'select number, version from tasks where organization_id = $1 and project_id = $2 and number > 1000000',
      [base.organizationId(3), poolProjectId(3)],
    );
    updatePool.versions = new Array(POOL_SIZE).fill(1);
    for (const row of rows) updatePool.versions[row.number - 1_000_001] = row.version;
    return tokens;
  },
  requests(tokens) {
    const token = rotate(tokens);
    return () => {
      const i = updatePool.next++ % POOL_SIZE;
      const version = updatePool.versions[i]++;
      return {
        method: 'PATCH',
        path: `/v1/tasks/${poolTaskId(3, i)}`,
        headers: bearer(token()),
        body: { version, priority: (['urgent', 'high', 'medium', 'low', 'none'] as const)[version % 5], title: `Pool task ${i} (edit ${version})` },
      };
    };
  },
  baseline: registerTaskWriteBaselines,
  distinctPreflight: true,
});
