import { Session, TestApp } from '../support/test-app';
import { createProject, createTask } from '../tasks/support';
import { FakeCodegen } from './fake-codegen';
import { agentEnv, createAgent, eventually, waitForStatus } from './support';

const as = (s: Session) => ({ token: s.accessToken });

async function setLimits(t: TestApp, session: Session, limits: Record<string, number>): Promise<void> {
  const org = (await t.get('/v1/organization', as(session))).body;
  const patched = await t.patch('/v1/organization', { version: org.version, limits }, as(session));
  if (patched.status !== 200) throw new Error(JSON.stringify(patched.body));
}

describe('agents: limits that hold under concurrency', () => {
  let fake: FakeCodegen;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeCodegen.start();
    t = await TestApp.start(agentEnv(fake, { AGENTS_CIRCUIT_THRESHOLD: '3', AGENTS_CIRCUIT_COOLDOWN_MS: '400', AGENTS_MAX_SUBMIT_ATTEMPTS: '100' }));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('refuses with 402 the runs past the monthly budget, exactly, when 20 start at the same moment — before anything reaches the provider', async () => {
    const owner = await t.signup();
    // Each run is estimated at 10 input tokens × 3 µUSD + 4000 expected output tokens × 15 µUSD = 0.06003 USD: 8 fit in 0.5 USD.
    await setLimits(t, owner, { monthlyAgentBudgetUsd: 0.5 });
    const agent = await createAgent(t, fake, owner, { maxConcurrentRuns: 1 });
    fake.scriptFor('[budget]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.post(`/v1/agents/${agent.id}/runs`, { prompt: `Budget run ${String(i).padStart(2, '0')} [budget]!` }, as(owner))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(8);
    expect(statuses.filter((s) => s === 402)).toHaveLength(12);
    const refused = answers.find((a) => a.status === 402)!.body;
    expect(refused).toMatchObject({ status: 402, code: 'AGENTS.BUDGET_EXCEEDED', scope: 'organization', budgetUsd: 0.5 });
    const stored = await t.sql(`select count(*)::int as n from agent_runs where agent_id = $1`, [agent.id]);
    expect(stored[0].n).toBe(8);
    // Only accepted runs ever reach the provider (one at a time: the agent's concurrency is 1).
    await eventually(async () => fake.of('create', agent.externalOrg).length >= 1, 10_000, 'first submission');
    expect(fake.of('create', agent.externalOrg).length).toBeLessThanOrEqual(8);

    // An agent's own budget applies on top of the organization's.
    const capped = await createAgent(t, fake, owner, { monthlyBudgetUsd: 0.1 });
    const first = await t.post(`/v1/agents/${capped.id}/runs`, { prompt: 'Budget run xx [budget]!!' }, as(owner));
    const second = await t.post(`/v1/agents/${capped.id}/runs`, { prompt: 'Budget run yy [budget]!!' }, as(owner));
    expect([first.status, second.status]).toEqual([402, 402]); // the organization has no room left either
    await setLimits(t, owner, { monthlyAgentBudgetUsd: 100 });
    const third = await t.post(`/v1/agents/${capped.id}/runs`, { prompt: 'Budget run zz [budget]!!' }, as(owner));
    const fourth = await t.post(`/v1/agents/${capped.id}/runs`, { prompt: 'Budget run ww [budget]!!' }, as(owner));
    expect([third.status, fourth.status, fourth.body.scope]).toEqual([201, 402, 'agent']);
  });

  it('keeps per-organization and per-agent concurrent runs under their caps; a freed slot starts the next run', async () => {
    const owner = await t.signup();
    await setLimits(t, owner, { maxConcurrentAgentRuns: 2 });
    const a = await createAgent(t, fake, owner, { maxConcurrentRuns: 5 });
    const b = await createAgent(t, fake, owner, { maxConcurrentRuns: 1 });
    fake.scriptFor('[slots]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const runs = [];
    for (let i = 0; i < 4; i += 1) runs.push((await t.post(`/v1/agents/${a.id}/runs`, { prompt: `slot ${i} [slots]` }, as(owner))).body);
    await eventually(
      async () => fake.of('create', a.externalOrg).length === 2 && fake.of('read', a.externalOrg).length >= 4,
      10_000,
      'two runs at the provider',
    );
    const running = async () =>
      (await t.sql(`select status, count(*)::int as n from agent_runs where organization_id = $1 group by status`, [owner.organization.id])).reduce(
        (m: any, r: any) => ({ ...m, [r.status]: r.n }),
        {},
      );
    expect(await running()).toEqual({ running: 2, queued: 2 });
    const active = (await t.get(`/v1/agent-runs?status=running&agentId=${a.id}`, as(owner))).body.items;
    await t.post(`/v1/agent-runs/${active[0].id}/cancel`, {}, as(owner));
    await eventually(async () => fake.of('create', a.externalOrg).length === 3, 10_000, 'the next run to take the freed slot');
    expect(await running()).toEqual({ running: 2, queued: 1, cancelled: 1 });
    // Agent b (cap 1) waits too: the organization's two slots are taken.
    await t.post(`/v1/agents/${b.id}/runs`, { prompt: 'b [slots]' }, as(owner));
    const pull = await t.post(`/v1/agents/${b.id}/pull`, {}, as(owner));
    expect([pull.status, pull.body.code]).toEqual([429, 'AGENTS.CONCURRENCY_LIMIT']);
    expect(fake.of('create', b.externalOrg)).toHaveLength(0);
    for (const run of (await t.get(`/v1/agent-runs?status=running,queued`, as(owner))).body.items)
      await t.post(`/v1/agent-runs/${run.id}/cancel`, {}, as(owner));
  });

  it('never gives one task to two agents: 10 agents pull at once from 4 ready tasks', async () => {
    const owner = await t.signup();
    const projectId = await createProject(t, owner);
    const tasks = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createTask(t, owner, projectId, { title: `job ${i} [pulled]`, status: 'todo', labels: ['backend'] })),
    );
    await createTask(t, owner, projectId, { title: 'not for them', status: 'todo', labels: ['frontend'] });
    fake.scriptFor('[pulled]', { readsBeforeEnd: Infinity, end: 'COMPLETE' });
    const agents = await Promise.all(Array.from({ length: 10 }, () => createAgent(t, fake, owner, { capabilities: { labels: ['backend'] } })));
    const pulls = await Promise.all(agents.map((agent) => t.post(`/v1/agents/${agent.id}/pull`, { projectId }, as(owner))));
    expect(pulls.every((p) => p.status === 200)).toBe(true);
    const won = pulls.filter((p) => p.body.task);
    expect(won).toHaveLength(4);
    expect(new Set(won.map((p) => p.body.task.id))).toEqual(new Set(tasks.map((x) => x.id)));
    expect(new Set(won.map((p) => p.body.run.agentId)).size).toBe(4);
    for (const p of won) expect(p.body.run).toMatchObject({ sourceType: 'ready_queue', taskId: p.body.task.id });
    const stored = await t.sql(`select count(distinct assignee_id)::int as n, count(*)::int as c from tasks where project_id = $1 and status = 'in_progress'`, [
      projectId,
    ]);
    expect(stored[0]).toEqual({ n: 4, c: 4 });
    for (const p of won) await t.post(`/v1/agent-runs/${p.body.run.id}/cancel`, {}, as(owner));
  });

  it('provider outage: the circuit opens, runs wait (not failed), then resume when it is back', async () => {
    const owner = await t.signup();
    const agent = await createAgent(t, fake, owner, { maxConcurrentRuns: 3 });
    fake.outage = true;
    try {
      const runs = [];
      for (let i = 0; i < 3; i += 1) runs.push((await t.post(`/v1/agents/${agent.id}/runs`, { prompt: `outage ${i}` }, as(owner))).body);
      const opened = await eventually(
        async () =>
          (await t.sql(`select consecutive_failures, circuit_open_until from agent_provider_accounts where organization_id = $1`, [owner.organization.id]))[0],
        10_000,
        'the circuit to open',
      ).then(async () =>
        eventually(async () => {
          const [row] = await t.sql(`select consecutive_failures, circuit_open_until from agent_provider_accounts where organization_id = $1`, [
            owner.organization.id,
          ]);
          return row.consecutive_failures >= 3 && row.circuit_open_until ? row : undefined;
        }),
      );
      expect(opened.consecutive_failures).toBeGreaterThanOrEqual(3);
      const startedAt = Date.now();
      const before = fake.of('create', agent.externalOrg).length;
      // While open, only one probe per cooldown (400 ms) gets through, whatever the number of waiting runs.
      await eventually(async () => Date.now() - startedAt > 1500, 5000);
      const during = fake.of('create', agent.externalOrg).length - before;
      expect(during).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / 400) + 1);
      for (const run of runs) expect((await t.get(`/v1/agent-runs/${run.id}`, as(owner))).body.status).not.toBe('failed');
      fake.outage = false;
      for (const run of runs) await waitForStatus(t, owner, run.id, ['completed'], 20_000);
      const [after] = await t.sql(`select consecutive_failures, circuit_open_until from agent_provider_accounts where organization_id = $1`, [
        owner.organization.id,
      ]);
      expect(after).toEqual({ consecutive_failures: 0, circuit_open_until: null });
    } finally {
      fake.outage = false;
    }
  });
});
