import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';

export const as = (s: Session) => ({ token: s.accessToken });

export async function project(t: TestApp, s: Session): Promise<string> {
  const slug = `p-${randomUUID().slice(0, 8)}`;
  const response = await t.post('/v1/projects', { name: `Project ${slug}`, slug }, as(s));
  if (response.status !== 201) throw new Error(`project: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

export async function task(t: TestApp, s: Session, projectId: string, body: Record<string, unknown> = {}): Promise<{ id: string }> {
  const response = await t.post('/v1/tasks', { projectId, title: `Task ${randomUUID().slice(0, 6)}`, ...body }, as(s));
  if (response.status !== 201) throw new Error(`task: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Marks tasks done with the given history (hours ago): a finished task's timestamps cannot be
 * arranged through the API (they are the request times), so the test writes them as the owner.
 */
export async function finish(t: TestApp, ids: string[], times: { createdHoursAgo: number; startedHoursAgo: number; completedHoursAgo: number }): Promise<void> {
  await t.sql(
    `update tasks set status = 'done',
       created_at = now() - make_interval(secs => $2::float8 * 3600), started_at = now() - make_interval(secs => $3::float8 * 3600),
       completed_at = now() - make_interval(secs => $4::float8 * 3600)
     where id = any($1::uuid[])`,
    [ids, times.createdHoursAgo, times.startedHoursAgo, times.completedHoursAgo],
  );
}
