import { createHmac, randomUUID } from 'node:crypto';
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
    /** A GitHub integration of the session's organization; `webhookSecret` is what it was created with. */
    integration: async (session: Session, overrides: Body = {}) => {
      const webhookSecret = `secret-${unique()}-${unique()}`;
      const integration = await create<{ id: string; version: number }>(session, '/v1/integrations', {
        platform: 'github',
        name: `GitHub ${unique()}`,
        webhookSecret,
        ...overrides,
      });
      return { ...integration, webhookSecret };
    },

    /** An accepted (signed) GitHub ping delivery of the integration. */
    webhookDelivery: async (integrationId: string, secret: string) => {
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
      const response = await t.app.inject({
        method: 'POST',
        url: `/v1/webhooks/github/${integrationId}`,
        payload: body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        },
      });
      if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}: ${response.body}`);
      return JSON.parse(response.body) as { deliveryId: string };
    },

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

    /** An agent with (fake) provider credentials; no worker sends anything unless the test runs one. */
    agent: (session: Session, overrides: Body = {}) =>
      create<{ id: string; name: string; version: number }>(session, '/v1/agents', {
        name: `Agent ${unique()}`,
        type: 'coding',
        provider: 'codegen',
        credentials: { organizationId: '1', apiToken: `token-${unique()}` },
        ...overrides,
      }),

    /** A queued run of the agent. */
    agentRun: (session: Session, agentId: string, overrides: Body = {}) =>
      create<{ id: string; status: string }>(session, `/v1/agents/${agentId}/runs`, { prompt: `Do ${unique()}`, ...overrides }),

    workflow: (session: Session, projectId: string, overrides: Body = {}) =>
      create<{ id: string; version: number; phases: Array<{ id: string; name: string }> }>(session, '/v1/workflows', {
        projectId,
        name: `Workflow ${unique()}`,
        phases: [{ name: 'Build' }, { name: 'Ship' }],
        ...overrides,
      }),

    pipeline: (session: Session, projectId: string, overrides: Body = {}) =>
      create<{ id: string; version: number; currentVersion: number }>(session, '/v1/pipelines', {
        projectId,
        name: `Pipeline ${unique()}`,
        spec: {
          steps: [
            { key: 'build', command: 'make' },
            { key: 'test', command: 'make test', needs: ['build'] },
          ],
        },
        ...overrides,
      }),

    /** A pipeline runner; `token` is its secret, shown once. */
    runner: (session: Session, overrides: Body = {}) =>
      create<{ id: string; token: string; version: number }>(session, '/v1/pipeline-runners', { name: `runner-${unique()}`, ...overrides }),
  };
}

export type Fixtures = ReturnType<typeof fixtures>;
