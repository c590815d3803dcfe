import { randomUUID } from 'node:crypto';
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
