import { Actor } from '@switchyard/core';
import { AgentsSettings } from '../agents.config';
import { AgentRunsService } from './agent-runs.service';
import { AgentsService } from './agents.service';
import { ProviderOutcome } from './agent-provider';
import {
  FakeBoard,
  FixedLimits,
  InMemoryAgents,
  InMemoryProviderAccounts,
  InMemoryRuns,
  PlainSealer,
  RecordingAudit,
  RecordingEvents,
  RecordingScheduler,
} from './in-memory-agents.fake';
import { Plan, RunExecutor } from './run-executor';

const settings = {
  codegenCreatesPerMinute: 2,
  codegenReadsPer30s: 60,
  providerTimeoutMs: 1000,
  pollBaseMs: 100,
  pollMaxMs: 1000,
  runTimeoutMs: 60_000,
  retryBaseMs: 50,
  retryMaxMs: 5000,
  maxSubmitAttempts: 4,
  circuitThreshold: 2,
  circuitCooldownMs: 500,
  capacityRetryMs: 200,
  workerConcurrency: 1,
  pricing: { inputUsdPerMillion: 3, outputUsdPerMillion: 15, expectedOutputTokens: 4000 },
} as AgentsSettings;

const actor: Actor = { type: 'user', id: 'u1', organizationId: 'org', role: 'admin' };
const running = (id = '42', status: 'running' | 'completed' | 'failed' = 'running'): ProviderOutcome => ({
  kind: 'ok',
  run: {
    externalRunId: id,
    status,
    webUrl: `https://codegen.test/${id}`,
    result: status === 'completed' ? 'done' : null,
    summary: null,
    pullRequests: [],
    reportedTokens: null,
    reportedCostUsd: null,
  },
});

function setup() {
  const agents = new InMemoryAgents();
  const runs = new InMemoryRuns();
  const accounts = new InMemoryProviderAccounts();
  const limits = new FixedLimits();
  const sealer = new PlainSealer();
  const scheduler = new RecordingScheduler();
  const board = new FakeBoard();
  const audit = new RecordingAudit();
  const events = new RecordingEvents();
  const registry = new AgentsService(agents, runs, limits, sealer, audit);
  const service = new AgentRunsService(agents, runs, limits, board, scheduler, audit, events, settings);
  const executor = new RunExecutor(agents, runs, accounts, limits, sealer, scheduler, board, audit, events, settings);
  const agent = async (overrides = {}) =>
    registry.create(actor, { name: 'bot', type: 'coding', provider: 'codegen', credentials: { organizationId: '7', apiToken: 'secret-token' }, ...overrides });
  const step = async (runId: string) => (await runs.find(runId))!.step;
  return { agents, runs, accounts, limits, scheduler, board, audit, events, service, executor, agent, step };
}

describe('RunExecutor: one step of a run at a time', () => {
  it('submits a queued run (slot taken, watchdog left), then polls with growing intervals until it finishes', async () => {
    const s = setup();
    const agent = await s.agent();
    const run = await s.service.start(actor, agent.id, { prompt: 'fix it' });
    expect(s.scheduler.scheduled.at(-1)).toMatchObject({ runId: run.id, step: 0 });

    const plan = await s.executor.prepare('org', run.id, 0);
    expect(plan).toMatchObject({ action: 'create', step: 1, prompt: 'fix it', credentials: { externalOrganizationId: '7', token: 'secret-token' } });
    expect((await s.runs.find(run.id))!).toMatchObject({ status: 'running', attempts: 1, step: 1 });
    // A duplicate delivery of the step-0 job does nothing.
    expect(await s.executor.prepare('org', run.id, 0)).toEqual({ action: 'none', why: 'stale' });

    await s.executor.record('org', run.id, plan as Exclude<Plan, { action: 'none' }>, running());
    const afterCreate = (await s.runs.find(run.id))!;
    expect(afterCreate).toMatchObject({ externalRunId: '42', step: 2, polls: 0 });
    const delays: number[] = [];
    for (let poll = 0; poll < 3; poll++) {
      const read = await s.executor.prepare('org', run.id, await s.step(run.id));
      expect(read).toMatchObject({ action: 'read', externalRunId: '42' });
      const before = Date.now();
      await s.executor.record('org', run.id, read as Exclude<Plan, { action: 'none' }>, running());
      delays.push(s.scheduler.scheduled.at(-1)!.at.getTime() - before);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[2]).toBeGreaterThan(delays[1]);
    const last = await s.executor.prepare('org', run.id, await s.step(run.id));
    await s.executor.record('org', run.id, last as Exclude<Plan, { action: 'none' }>, running('42', 'completed'));
    expect((await s.runs.find(run.id))!).toMatchObject({ status: 'completed', result: 'done', estimatedOutputTokens: 1 });
    expect(s.events.types).toEqual(['agent.run.queued', 'agent.run.started', 'agent.run.completed']);
    expect((await s.agents.find(agent.id))!.usageStats).toMatchObject({ runs: 1, completed: 1 });
  });

  it('waits for a free slot under the organization cap, and for the creation window', async () => {
    const s = setup();
    const agent = await s.agent({ maxConcurrentRuns: 5 });
    s.limits.limits = { maxConcurrentAgentRuns: 1 };
    const a = await s.service.start(actor, agent.id, { prompt: 'a' });
    const b = await s.service.start(actor, agent.id, { prompt: 'b' });
    expect((await s.executor.prepare('org', a.id, 0)).action).toBe('create');
    expect(await s.executor.prepare('org', b.id, 0)).toEqual({ action: 'none', why: 'no free slot' });
    expect((await s.runs.find(b.id))!).toMatchObject({ status: 'queued', step: 1 });

    s.limits.limits = {};
    const c = await s.service.start(actor, agent.id, { prompt: 'c' });
    expect((await s.executor.prepare('org', b.id, 1)).action).toBe('create');
    // Two creations a minute in these settings: the third waits for the window.
    expect(await s.executor.prepare('org', c.id, 0)).toEqual({ action: 'none', why: 'rate_limit' });
    const waitUntil = s.scheduler.scheduled.at(-1)!.at.getTime();
    expect(waitUntil - Date.now()).toBeGreaterThan(55_000);
  });

  it('honours a 429, retries outages with backoff, opens the circuit, and fails a submission after its attempts', async () => {
    const s = setup();
    const agent = await s.agent();
    const run = await s.service.start(actor, agent.id, { prompt: 'x' });
    const plan = (await s.executor.prepare('org', run.id, 0)) as Exclude<Plan, { action: 'none' }>;
    await s.executor.record('org', run.id, plan, { kind: 'rate_limited', retryAfterMs: 3000 });
    expect(s.accounts.pausedUntil - Date.now()).toBeGreaterThan(2500);
    expect(await s.executor.prepare('org', run.id, await s.step(run.id))).toEqual({ action: 'none', why: 'paused' });

    s.accounts.pausedUntil = 0;
    for (let attempt = 2; attempt <= 3; attempt++) {
      s.accounts.openUntil = 0;
      s.accounts.grants.clear(); // only two creations a minute in these settings
      const again = (await s.executor.prepare('org', run.id, await s.step(run.id))) as Exclude<Plan, { action: 'none' }>;
      expect(again.action).toBe('create');
      await s.executor.record('org', run.id, again, { kind: 'unavailable', detail: 'HTTP 503' });
    }
    expect(s.accounts.openUntil).toBeGreaterThan(Date.now()); // two failures: the circuit is open
    expect((await s.runs.find(run.id))!.status).toBe('running');
    expect(await s.executor.prepare('org', run.id, await s.step(run.id))).toEqual({ action: 'none', why: 'circuit_open' });
    s.accounts.openUntil = 0;
    s.accounts.grants.clear();
    const probe = (await s.executor.prepare('org', run.id, await s.step(run.id))) as Exclude<Plan, { action: 'none' }>;
    await s.executor.record('org', run.id, probe, { kind: 'unavailable', detail: 'HTTP 503' });
    expect((await s.runs.find(run.id))!).toMatchObject({
      status: 'failed',
      attempts: 4,
      error: expect.stringContaining('stayed unavailable after 4 attempts'),
    });
  });

  it('a cancel makes the in-flight answer stale and gives the task back; a refused run fails and fails the task', async () => {
    const s = setup();
    const agent = await s.agent();
    s.board.tasks.set('t1', { id: 't1', projectId: 'p', title: 'T', description: '', type: 'task', status: 'todo', labels: [], assignee: null });
    const { run } = await s.service.handOff(actor, agent.id, { taskId: 't1' });
    const plan = (await s.executor.prepare('org', run.id, 0)) as Exclude<Plan, { action: 'none' }>;
    await s.service.cancel(actor, run.id);
    await s.executor.record('org', run.id, plan, running('99'));
    expect((await s.runs.find(run.id))!).toMatchObject({ status: 'cancelled', externalRunId: '99' });
    expect(s.board.calls).toEqual(['handOff t1', 'released t1']);

    s.board.tasks.set('t2', { id: 't2', projectId: 'p', title: 'T2', description: '', type: 'task', status: 'todo', labels: [], assignee: null });
    const second = (await s.service.handOff(actor, agent.id, { taskId: 't2' })).run;
    const p2 = (await s.executor.prepare('org', second.id, 0)) as Exclude<Plan, { action: 'none' }>;
    await s.executor.record('org', second.id, p2, { kind: 'rejected', status: 401, detail: 'Invalid API token' });
    expect((await s.runs.find(second.id))!).toMatchObject({ status: 'failed', error: 'The provider refused the run (401): Invalid API token' });
    expect(s.board.calls.at(-1)).toBe('failed t2');
  });

  it('fails a run that outlives its timeout', async () => {
    const s = setup();
    const agent = await s.agent();
    const run = await s.service.start(actor, agent.id, { prompt: 'slow' });
    const plan = (await s.executor.prepare('org', run.id, 0)) as Exclude<Plan, { action: 'none' }>;
    await s.executor.record('org', run.id, plan, running());
    const stored = s.runs.runs.get(run.id)!;
    stored.timeoutAt = new Date(Date.now() - 1);
    expect(await s.executor.prepare('org', run.id, stored.step)).toEqual({ action: 'none', why: 'done' });
    expect((await s.runs.find(run.id))!).toMatchObject({ status: 'failed', error: expect.stringContaining('did not finish within') });
  });

  it('refuses a start past the budget before queuing anything', async () => {
    const s = setup();
    const agent = await s.agent();
    s.limits.limits = { monthlyAgentBudgetUsd: 0.07 };
    await s.service.start(actor, agent.id, { prompt: 'first' });
    await expect(s.service.start(actor, agent.id, { prompt: 'second' })).rejects.toMatchObject({ code: 'AGENTS.BUDGET_EXCEEDED' });
    expect(s.runs.runs.size).toBe(1);
    expect(s.scheduler.scheduled).toHaveLength(1);
    expect(s.runs.locks).toBe(3); // agent creation, then each start took the organization's lock
  });
});
