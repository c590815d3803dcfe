import { randomUUID } from 'node:crypto';
import { Session, TestApp } from '../support/test-app';
import { FakeCodegen } from './fake-codegen';

/** Settings that make the worker fast against the local fake (and allow its address). */
export function agentEnv(fake: FakeCodegen, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    AGENTS_CODEGEN_BASE_URL: fake.baseUrl,
    AGENTS_POLL_BASE_MS: '40',
    AGENTS_POLL_MAX_MS: '200',
    AGENTS_RETRY_BASE_MS: '40',
    AGENTS_RETRY_MAX_MS: '300',
    AGENTS_CAPACITY_RETRY_MS: '100',
    AGENTS_PROVIDER_TIMEOUT_MS: '2000',
    AGENTS_CODEGEN_CREATES_PER_MINUTE: '1000',
    AGENTS_CODEGEN_READS_PER_30S: '10000',
    JOB_POLL_INTERVAL_MS: '50',
    ...overrides,
  };
}

export interface TestAgent {
  id: string;
  version: number;
  token: string;
  externalOrg: string;
}

/** An agent with credentials the fake accepts (a provider organization of its own). */
export async function createAgent(
  t: TestApp,
  fake: FakeCodegen | undefined,
  owner: Session,
  overrides: Record<string, unknown> = {},
): Promise<TestAgent & Record<string, any>> {
  const externalOrg = String(Math.floor(Math.random() * 1e9));
  const token = `cg-secret-${randomUUID()}`;
  fake?.account(externalOrg, token);
  const response = await t.post(
    '/v1/agents',
    {
      name: `Agent ${randomUUID().slice(0, 8)}`,
      type: 'coding',
      provider: 'codegen',
      credentials: { organizationId: externalOrg, apiToken: token },
      ...overrides,
    },
    { token: owner.accessToken },
  );
  if (response.status !== 201) throw new Error(`agent: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...response.body, token, externalOrg };
}

/** Polls `fn` until it answers something truthy (the worker runs on its own); fails after `ms`. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    last = await fn();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runOf(t: TestApp, owner: Session, id: string) {
  return (await t.get(`/v1/agent-runs/${id}`, { token: owner.accessToken })).body;
}

export async function waitForStatus(t: TestApp, owner: Session, id: string, statuses: string[], ms = 15_000) {
  return eventually(
    async () => {
      const run = await runOf(t, owner, id);
      return statuses.includes(run.status) ? run : undefined;
    },
    ms,
    `run ${id} to be ${statuses.join('|')}`,
  );
}
