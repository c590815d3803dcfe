import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Session, TestApp } from '../support/test-app';

/** A project of the session's organization, made through the projects API when it exists, else directly. */
export async function createProject(t: TestApp, session: Session, name = `Project ${randomUUID().slice(0, 6)}`): Promise<string> {
  const slug = `p-${randomUUID().slice(0, 8)}`;
  const response = await t.post('/v1/projects', { name, slug }, { token: session.accessToken });
  if (response.status === 201) return response.body.id;
  const [row] = await t.sql<{ id: string }>('insert into projects (organization_id, name, slug) values ($1, $2, $3) returning id', [
    session.organization.id,
    name,
    slug,
  ]);
  return row.id;
}

export interface TaskHelper {
  create(body: Record<string, unknown>): Promise<any>;
}

/** Creates a task and fails loudly if the API refuses. */
export async function createTask(t: TestApp, session: Session, projectId: string, body: Record<string, unknown> = {}): Promise<any> {
  const response = await t.post('/v1/tasks', { projectId, title: `Task ${randomUUID().slice(0, 6)}`, ...body }, { token: session.accessToken });
  if (response.status !== 201) throw new Error(`create task failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * A chain of `length` tasks (each the parent of the next) written with one set-based insert, in
 * a project of its own: the depth bomb of the issue, arranged without 10,000 requests. Valid by
 * construction, so it is loaded like a restore (session_replication_role = replica skips the
 * per-row foreign-key triggers, whose plans a young table caches as sequential scans).
 * Returns the ids, root first.
 */
export async function insertChain(t: TestApp, session: Session, length: number): Promise<{ projectId: string; ids: string[] }> {
  const projectId = await createProject(t, session, 'Deep chain');
  const ids = Array.from({ length }, () => randomUUID());
  const runner = t.app.get(DataSource).createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('set local session_replication_role = replica');
    await runner.query(
      `insert into tasks (organization_id, id, project_id, number, parent_id, title, status, depth, tree_path)
       select $1, c.id, $2, c.n, lag(c.id) over (order by c.n), 'Level ' || (c.n - 1), 'todo', 0, ''
       from unnest($3::uuid[]) with ordinality as c(id, n)`,
      [session.organization.id, projectId, ids],
    );
    // Triggers were off for the bulk load (as in a restore): derive depth and tree path now.
    await runner.query('select task_tree_rebuild($1)', [session.organization.id]);
    await runner.query('insert into task_counters (organization_id, project_id, last_number) values ($1, $2, $3)', [
      session.organization.id,
      projectId,
      length,
    ]);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  return { projectId, ids };
}
