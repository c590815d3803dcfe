import { randomUUID } from 'node:crypto';
import { Session, TestApp } from './test-app';

type Role = 'owner' | 'admin' | 'member' | 'viewer';
type Body = Record<string, unknown>;

/**
 * One line per object for a test: each builder goes through the public API (so the object is
 * what a client would get), fills every required field with a unique value, takes overrides,
 * and fails loudly with the answer when the API refuses. A new module adds its builders here.
 *
 *   const f = fixtures(t);
 *   const owner = await f.organization();
 *   const project = await f.project(owner, { status: 'active', leadId: owner.user.id });
 *   const task = await f.task(owner, project.id, { priority: 'high' });
 */
export function fixtures(t: TestApp) {
  const unique = () => randomUUID().slice(0, 8);

  async function create<T = any>(session: Session, url: string, body: Body): Promise<T> {
    const response = await t.post<T>(url, body, { token: session.accessToken });
    if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  return {
    /** A new organization and its owner, logged in. */
    organization: (overrides: Parameters<TestApp['signup']>[0] = {}): Promise<Session> => t.signup(overrides),

    /** A logged-in member of the session's organization with the given role (invited and accepted). */
    member: (owner: Session, role: Role = 'member'): Promise<Session> => t.addMember(owner, role),

    /** An API key of the session's organization; `key` is the secret, shown once. */
    apiKey: (session: Session, overrides: Body = {}) =>
      create<{ id: string; key: string; role: Role }>(session, '/v1/api-keys', { name: `key-${unique()}`, role: 'member', ...overrides }),

    project: (session: Session, overrides: Body = {}) => {
      const slug = `p-${unique()}`;
      return create<{ id: string; slug: string; status: string; version: number }>(session, '/v1/projects', { name: `Project ${slug}`, slug, ...overrides });
    },

    repository: (session: Session, overrides: Body = {}) => {
      const name = `repo-${unique()}`;
      return create<{ id: string; name: string; version: number }>(session, '/v1/repositories', {
        provider: 'github',
        owner: 'acme',
        name,
        cloneUrl: `https://github.com/acme/${name}.git`,
        ...overrides,
      });
    },

    task: (session: Session, projectId: string, overrides: Body = {}) =>
      create<{ id: string; number: number; status: string; version: number }>(session, '/v1/tasks', { projectId, title: `Task ${unique()}`, ...overrides }),

    /** An import (POST /v1/imports: answers 202) of a one-task tasks.json into a new project. */
    import: async (session: Session, file: Body = { tasks: [{ id: 1, title: 'Imported task', status: 'pending', dependencies: [] }] }) => {
      const response = await t.post<{ id: string; status: string }>(`/v1/imports?project=imp-${unique()}`, file, { token: session.accessToken });
      if (response.status !== 202) throw new Error(`POST /v1/imports answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    },

    workflow: (session: Session, projectId: string, overrides: Body = {}) =>
      create<{ id: string; version: number; phases: Array<{ id: string; name: string }> }>(session, '/v1/workflows', {
        projectId,
        name: `Workflow ${unique()}`,
        phases: [{ name: 'Build' }, { name: 'Ship' }],
        ...overrides,
      }),
  };
}

export type Fixtures = ReturnType<typeof fixtures>;
