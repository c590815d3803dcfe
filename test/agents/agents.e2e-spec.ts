import { DatabaseConnection } from '@switchyard/database';
import { Client } from 'pg';
import { workerDirectDatabaseUrl } from '../support/test-database';
import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from '../tasks/support';
import { createAgent } from './support';

describe('agents: the registry, and a second organization that sees and changes nothing', () => {
  let t: TestApp;
  let owner: Session;
  let other: Session;
  const as = (s: Session) => ({ token: s.accessToken });

  beforeAll(async () => {
    // Workers off: nothing here is sent to a provider.
    t = await TestApp.start({ JOB_WORKERS_ENABLED: 'false' });
    owner = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t.close());

  it('registers, lists, changes (with version) and removes agents; capabilities normalized; names unique', async () => {
    const created = await t.post(
      '/v1/agents',
      {
        name: 'Backend fixer',
        type: 'coding',
        provider: 'codegen',
        capabilities: { languages: ['TypeScript', 'typescript ', 'Go'], taskTypes: ['bug'], labels: ['Backend'] },
        maxConcurrentRuns: 2,
        monthlyBudgetUsd: 50,
        configuration: { repository: 'acme/app' },
      },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Backend fixer',
      active: true,
      capabilities: { languages: ['typescript', 'go'], taskTypes: ['bug'], labels: ['backend'] },
      maxConcurrentRuns: 2,
      monthlyBudgetUsd: 50,
      credentials: null,
      usageStats: { runs: 0, completed: 0, failed: 0, cancelled: 0, estimatedCostUsd: 0, lastRunAt: null },
      version: 1,
    });
    expect(created.body).not.toHaveProperty('organizationId');
    const duplicate = await t.post('/v1/agents', { name: 'backend FIXER', type: 'coding', provider: 'codegen' }, as(owner));
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'AGENTS.NAME_TAKEN']);
    // A budget the column cannot hold is a field error, not a database overflow.
    const tooRich = await t.post('/v1/agents', { name: 'rich', type: 'coding', provider: 'codegen', monthlyBudgetUsd: 100_000_000 }, as(owner));
    expect([tooRich.status, tooRich.body.errors?.[0]?.field]).toEqual([400, 'monthlyBudgetUsd']);
    const badProvider = await t.post('/v1/agents', { name: 'x', type: 'coding', provider: 'openai' }, as(owner));
    expect(badProvider.status).toBe(400);

    const updated = await t.patch(`/v1/agents/${created.body.id}`, { version: 1, active: false, capabilities: { labels: ['api'] } }, as(owner));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ active: false, version: 2, capabilities: { languages: ['typescript', 'go'], labels: ['api'] } });
    const stale = await t.patch(`/v1/agents/${created.body.id}`, { version: 1, name: 'x' }, as(owner));
    expect([stale.status, stale.body.code]).toEqual([409, 'COMMON.STALE_VERSION']);

    const listed = await t.get('/v1/agents?active=false', as(owner));
    expect(listed.body.items.map((a: any) => a.id)).toContain(created.body.id);
    expect((await t.get('/v1/agents?active=true', as(owner))).body.items.map((a: any) => a.id)).not.toContain(created.body.id);

    const removed = await t.delete(`/v1/agents/${created.body.id}`, as(owner));
    expect(removed.status).toBe(204);
    expect((await t.get(`/v1/agents/${created.body.id}`, as(owner))).status).toBe(404);
  });

  it('only admins manage agents; members start runs; viewers read', async () => {
    const member = await t.addMember(owner, 'member');
    const viewer = await t.addMember(owner, 'viewer');
    const agent = await createAgent(t, undefined, owner);
    expect((await t.post('/v1/agents', { name: 'm', type: 'coding', provider: 'codegen' }, as(member))).status).toBe(403);
    expect((await t.put(`/v1/agents/${agent.id}/credentials`, { organizationId: '1', apiToken: 'x' }, as(member))).status).toBe(403);
    expect((await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'hi' }, as(viewer))).status).toBe(403);
    expect((await t.get(`/v1/agents/${agent.id}`, as(viewer))).status).toBe(200);
    expect((await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'hi' }, as(member))).status).toBe(201);
  });

  it('enforces maxAgents from the organization limits', async () => {
    const small = await t.signup();
    const org = (await t.get('/v1/organization', as(small))).body;
    const patched = await t.patch('/v1/organization', { version: org.version, limits: { maxAgents: 2 } }, as(small));
    expect(patched.status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => t.post('/v1/agents', { name: `a${i}`, type: 'coding', provider: 'codegen' }, as(small))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 422, 422]);
    expect(answers.find((a) => a.status === 422)!.body.code).toBe('AGENTS.AGENT_LIMIT_REACHED');
  });

  it('runs need an active agent with credentials; tasks refuse unknown or inactive agent assignees', async () => {
    const bare = (await t.post('/v1/agents', { name: 'bare', type: 'coding', provider: 'codegen' }, as(owner))).body;
    const noCreds = await t.post(`/v1/agents/${bare.id}/runs`, { prompt: 'x' }, as(owner));
    expect([noCreds.status, noCreds.body.code]).toEqual([422, 'AGENTS.NO_CREDENTIALS']);
    const withCreds = await t.put(`/v1/agents/${bare.id}/credentials`, { organizationId: '77', apiToken: 'tok-1' }, as(owner));
    expect(withCreds.body.credentials).toMatchObject({ externalOrganizationId: '77' });
    // A token no Authorization header can carry is refused at once, not stored to fail every run later.
    for (const apiToken of ['tok\nX-Injected: 1', 'tok 2', 'tok\u00012', '']) {
      const unusable = await t.put(`/v1/agents/${bare.id}/credentials`, { organizationId: '78', apiToken }, as(owner));
      expect([unusable.status, unusable.body.errors?.[0]?.field]).toEqual([400, 'apiToken']);
    }
    const unusableAtCreate = await t.post(
      '/v1/agents',
      { name: 'crlf', type: 'coding', provider: 'codegen', credentials: { organizationId: '1', apiToken: 'a\r\nb' } },
      as(owner),
    );
    expect([unusableAtCreate.status, unusableAtCreate.body.errors?.[0]?.field]).toEqual([400, 'credentials.apiToken']);
    const rotated = await t.put(`/v1/agents/${bare.id}/credentials`, { organizationId: '78', apiToken: 'tok-2' }, as(owner));
    expect(rotated.body.credentials.externalOrganizationId).toBe('78');
    expect(new Date(rotated.body.credentials.rotatedAt).getTime()).toBeGreaterThanOrEqual(new Date(withCreds.body.credentials.rotatedAt).getTime());

    const projectId = await createProject(t, owner);
    const assigned = await t.post('/v1/tasks', { projectId, title: 'for the bot', assignee: { type: 'agent', id: bare.id } }, as(owner));
    expect(assigned.status).toBe(201);
    await t.patch(`/v1/agents/${bare.id}`, { version: rotated.body.version, active: false }, as(owner));
    const inactive = await t.post('/v1/tasks', { projectId, title: 'x', assignee: { type: 'agent', id: bare.id } }, as(owner));
    expect([inactive.status, inactive.body.code]).toEqual([422, 'TASKS.AGENT_NOT_AVAILABLE']);
    const stopped = await t.post(`/v1/agents/${bare.id}/runs`, { prompt: 'x' }, as(owner));
    expect([stopped.status, stopped.body.code]).toEqual([409, 'AGENTS.AGENT_INACTIVE']);
    const foreign = await createAgent(t, undefined, other);
    const crossTenant = await t.post('/v1/tasks', { projectId, title: 'x', assignee: { type: 'agent', id: foreign.id } }, as(owner));
    expect([crossTenant.status, crossTenant.body.code]).toEqual([422, 'TASKS.AGENT_NOT_AVAILABLE']);
  });

  it('a deactivation committing while a task is being assigned to the agent wins: the assignment is refused (PostgreSQL server)', async () => {
    if (t.isEmbedded) return; // one connection: statements never interleave there
    const agent = await createAgent(t, undefined, owner);
    const projectId = await createProject(t, owner);
    const admin = new Client({ connectionString: workerDirectDatabaseUrl() ?? t.app.get(DatabaseConnection).url, application_name: 'switchyard-test-admin' });
    await admin.connect();
    try {
      await admin.query('begin');
      await admin.query(`update agents set active = false where id = $1`, [agent.id]); // the deactivation, not yet committed
      let answered = false;
      const assigning = t.post('/v1/tasks', { projectId, title: 'race', assignee: { type: 'agent', id: agent.id } }, as(owner)).finally(() => {
        answered = true;
      });
      // Until the assignment waits on the agent's row (or, unlocked, has already answered).
      for (;;) {
        const waiting = await admin.query(
          `select 1 from pg_stat_activity where application_name = 'switchyard' and datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (waiting.rowCount || answered) break;
      }
      await admin.query('commit');
      const answer = await assigning;
      expect([answer.status, answer.body.code]).toEqual([422, 'TASKS.AGENT_NOT_AVAILABLE']);
    } finally {
      await admin.query('rollback').catch(() => undefined);
      await admin.end();
    }
  });

  it('a second organization reads and changes nothing through any route', async () => {
    const agent = await createAgent(t, undefined, owner);
    const projectId = await createProject(t, owner);
    const task = await createTask(t, owner, projectId, { status: 'todo' });
    const run = (await t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'mine' }, as(owner))).body;
    const attempts = [
      t.get(`/v1/agents/${agent.id}`, as(other)),
      t.patch(`/v1/agents/${agent.id}`, { version: 1, name: 'stolen' }, as(other)),
      t.delete(`/v1/agents/${agent.id}`, as(other)),
      t.put(`/v1/agents/${agent.id}/credentials`, { organizationId: '1', apiToken: 'mine-now' }, as(other)),
      t.post(`/v1/agents/${agent.id}/runs`, { prompt: 'x' }, as(other)),
      t.get(`/v1/agents/${agent.id}/runs`, as(other)),
      t.post(`/v1/agents/${agent.id}/handoff`, { taskId: task.id }, as(other)),
      t.post(`/v1/agents/${agent.id}/pull`, {}, as(other)),
      t.get(`/v1/agents/${agent.id}/analytics`, as(other)),
      t.get(`/v1/agent-runs/${run.id}`, as(other)),
      t.post(`/v1/agent-runs/${run.id}/cancel`, {}, as(other)),
    ];
    for (const answer of await Promise.all(attempts)) expect([answer.status, answer.body?.code]).toEqual([404, expect.stringMatching(/NOT_FOUND$/)]);
    // Their own agent cannot take our task either.
    const theirs = await createAgent(t, undefined, other);
    const handOff = await t.post(`/v1/agents/${theirs.id}/handoff`, { taskId: task.id }, as(other));
    expect([handOff.status, handOff.body.code]).toEqual([404, 'AGENTS.TASK_NOT_FOUND']);
    const withTask = await t.post(`/v1/agents/${theirs.id}/runs`, { prompt: 'x', taskId: task.id }, as(other));
    expect([withTask.status, withTask.body.code]).toEqual([404, 'AGENTS.TASK_NOT_FOUND']);
    expect((await t.get('/v1/agents', as(other))).body.items.map((a: any) => a.id)).not.toContain(agent.id);
    expect((await t.get('/v1/agent-runs', as(other))).body.items.map((r: any) => r.id)).not.toContain(run.id);
    expect((await t.get('/v1/agents/analytics', as(other))).body.organization.runs).toBe(0); // none of ours
    const mine = (await t.get(`/v1/agents/${agent.id}`, as(owner))).body;
    expect(mine).toMatchObject({ name: agent.name, version: 1, credentials: { externalOrganizationId: agent.externalOrg } });
    expect((await t.get(`/v1/agent-runs/${run.id}`, as(owner))).body.status).toBe('queued');
    expect((await t.get(`/v1/tasks/${task.id}`, as(owner))).body).toMatchObject({ status: 'todo', assignee: null });
  });

  it('analytics per agent and organization: counts, success rate, durations, costs marked as estimates', async () => {
    const org = await t.signup();
    const a = await createAgent(t, undefined, org);
    const b = await createAgent(t, undefined, org);
    const projectId = await createProject(t, org);
    const task = await createTask(t, org, projectId, { status: 'todo' });
    await t.post(`/v1/agents/${a.id}/runs`, { prompt: 'one' }, as(org));
    await t.post(`/v1/agents/${a.id}/runs`, { prompt: 'two', taskId: task.id }, as(org));
    await t.post(`/v1/agents/${b.id}/runs`, { prompt: 'three' }, as(org));
    // Finish them as the worker would have (durations 60 s and 180 s; one failure).
    await t.sql(
      `update agent_runs set status = 'completed', started_at = created_at, finished_at = created_at + interval '60 seconds', estimated_cost_usd = 0.5 where prompt = 'two' and organization_id = $1`,
      [org.organization.id],
    );
    await t.sql(
      `update agent_runs set status = 'failed', started_at = created_at, finished_at = created_at + interval '180 seconds', estimated_cost_usd = 0.25 where prompt = 'one' and organization_id = $1`,
      [org.organization.id],
    );
    const all = (await t.get('/v1/agents/analytics', as(org))).body;
    expect(all.organization).toMatchObject({
      runs: 3,
      completed: 1,
      failed: 1,
      open: 1,
      successRate: 0.5,
      completedTasks: 1,
      costIsEstimate: true,
      reportedCostUsd: null,
    });
    expect(all.organization.durationP50Ms).toBe(120_000);
    expect(all.organization.durationP95Ms).toBe(174_000);
    expect(all.agents).toHaveLength(2);
    const one = (await t.get(`/v1/agents/${a.id}/analytics`, as(org))).body;
    expect(one.agents).toEqual([expect.objectContaining({ agentId: a.id, runs: 2, completed: 1, failed: 1 })]);
    expect(one.organization.costPerCompletedTaskUsd).toBeCloseTo(0.75, 6);
    const empty = (await t.get(`/v1/agents/analytics?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`, as(org))).body;
    expect(empty.organization).toMatchObject({ runs: 0, successRate: null, costPerCompletedTaskUsd: null });
    expect((await t.get(`/v1/agents/analytics?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z`, as(org))).status).toBe(400);
  });
});
