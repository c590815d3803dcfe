import { Actor, Page } from '@switchyard/core';
import { Agent, EMPTY_USAGE } from '../domain/agent';
import { AgentRun, OPEN_STATUSES } from '../domain/agent-run';
import { CircuitPolicy, RateWindow, take } from '../domain/rate-window';
import { AgentChanges, AgentRepository, NewAgent, SealedCredentials, UsageDelta, WorkerView } from './agent.repository';
import { AgentRunRepository, NewRun, RunQuery, RunStats } from './agent-run.repository';
import {
  AgentAudit,
  AgentAuditEntry,
  AgentEvents,
  AgentLimits,
  BoardTask,
  CredentialSealer,
  OrganizationLimitsReader,
  RunScheduler,
  TaskBoard,
} from './collaborators';
import { Admission, BudgetKind, ProviderAccounts } from './provider-accounts';

/** In-memory fakes of the agents module's ports, for the application specs (one organization). */

export class InMemoryAgents extends AgentRepository {
  readonly agents = new Map<string, Agent>();
  readonly credentials = new Map<string, SealedCredentials>();

  async find(id: string): Promise<Agent | undefined> {
    const agent = this.agents.get(id);
    const credential = this.credentials.get(id);
    return agent
      ? {
          ...agent,
          credentials: credential ? { externalOrganizationId: credential.externalOrganizationId, keyId: credential.keyId, rotatedAt: new Date(0) } : null,
        }
      : undefined;
  }
  async list(): Promise<Page<Agent>> {
    return { items: [...this.agents.values()], nextCursor: null };
  }
  async count(): Promise<number> {
    return this.agents.size;
  }
  async insert(agent: NewAgent): Promise<Agent> {
    const now = new Date();
    const stored: Agent = { ...agent, organizationId: 'org', usageStats: { ...EMPTY_USAGE }, credentials: null, version: 1, createdAt: now, updatedAt: now };
    this.agents.set(agent.id, stored);
    return stored;
  }
  async update(id: string, version: number, changes: AgentChanges): Promise<Agent | undefined> {
    const agent = this.agents.get(id);
    if (!agent || agent.version !== version) return undefined;
    this.agents.set(id, { ...agent, ...changes, version: version + 1 });
    return this.find(id);
  }
  async delete(id: string): Promise<boolean> {
    return this.agents.delete(id);
  }
  async setCredentials(agentId: string, credentials: SealedCredentials): Promise<void> {
    this.credentials.set(agentId, credentials);
  }
  async sealedCredentials(agentId: string): Promise<SealedCredentials | undefined> {
    return this.credentials.get(agentId);
  }
  async isActiveLocked(agentId: string): Promise<boolean> {
    return this.agents.get(agentId)?.active === true;
  }

  async workerView(agentId: string): Promise<WorkerView | undefined> {
    const agent = this.agents.get(agentId);
    return agent
      ? { provider: agent.provider, active: agent.active, maxConcurrentRuns: agent.maxConcurrentRuns, credentials: this.credentials.get(agentId) }
      : undefined;
  }
  async addUsage(agentId: string, delta: UsageDelta): Promise<void> {
    const agent = this.agents.get(agentId)!;
    const u = agent.usageStats;
    agent.usageStats = {
      runs: u.runs + (delta.runs ?? 0),
      completed: u.completed + (delta.completed ?? 0),
      failed: u.failed + (delta.failed ?? 0),
      cancelled: u.cancelled + (delta.cancelled ?? 0),
      estimatedCostUsd: u.estimatedCostUsd + (delta.estimatedCostUsd ?? 0),
      lastRunAt: delta.lastRunAt?.toISOString() ?? u.lastRunAt,
    };
  }
}

export class InMemoryRuns extends AgentRunRepository {
  readonly runs = new Map<string, AgentRun>();
  locks = 0;

  async insert(run: NewRun): Promise<AgentRun> {
    const now = new Date();
    const stored: AgentRun = {
      ...run,
      organizationId: 'org',
      status: 'queued',
      externalRunId: null,
      webUrl: null,
      result: null,
      summary: null,
      pullRequests: [],
      error: null,
      attempts: 0,
      polls: 0,
      step: 0,
      nextCheckAt: null,
      submittedAt: null,
      startedAt: null,
      finishedAt: null,
      timeoutAt: null,
      reportedTokens: null,
      reportedCostUsd: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.runs.set(run.id, stored);
    return stored;
  }
  async find(id: string): Promise<AgentRun | undefined> {
    const run = this.runs.get(id);
    return run ? { ...run } : undefined;
  }
  async list(query: RunQuery): Promise<Page<AgentRun>> {
    return { items: [...this.runs.values()].filter((r) => !query.agentId || r.agentId === query.agentId), nextCursor: null };
  }
  async save(run: AgentRun): Promise<AgentRun> {
    const saved = { ...run, version: run.version + 1 };
    this.runs.set(run.id, saved);
    return { ...saved };
  }
  async lockOrganization(): Promise<void> {
    this.locks += 1;
  }
  async spendSince(_since: Date, agentId: string): Promise<{ organizationUsd: number; agentUsd: number }> {
    const all = [...this.runs.values()].filter((r) => !(r.status === 'cancelled' && !r.submittedAt));
    const sum = (runs: AgentRun[]) => runs.reduce((s, r) => s + (r.reportedCostUsd ?? r.estimatedCostUsd), 0);
    return { organizationUsd: sum(all), agentUsd: sum(all.filter((r) => r.agentId === agentId)) };
  }
  async runningCounts(agentId: string): Promise<{ organization: number; agent: number }> {
    const running = [...this.runs.values()].filter((r) => r.status === 'running');
    return { organization: running.length, agent: running.filter((r) => r.agentId === agentId).length };
  }
  async openCount(agentId: string): Promise<number> {
    return [...this.runs.values()].filter((r) => r.agentId === agentId && OPEN_STATUSES.includes(r.status)).length;
  }
  async oldestQueued(limit: number): Promise<Array<{ id: string; step: number }>> {
    return [...this.runs.values()].filter((r) => r.status === 'queued').slice(0, limit);
  }
  async stats(): Promise<RunStats[]> {
    return [];
  }
}

export class InMemoryProviderAccounts extends ProviderAccounts {
  readonly grants = new Map<string, number[]>();
  pausedUntil = 0;
  failures = 0;
  openUntil = 0;
  now = () => Date.now();

  async admit(accountKey: string, kind: BudgetKind, window: RateWindow, circuit: CircuitPolicy): Promise<Admission> {
    const now = this.now();
    if (this.pausedUntil > now) return { admitted: false, reason: 'paused', waitMs: this.pausedUntil - now };
    if (this.openUntil > now) return { admitted: false, reason: 'circuit_open', waitMs: this.openUntil - now };
    const key = `${accountKey}:${kind}`;
    const grant = take(this.grants.get(key) ?? [], window, now);
    this.grants.set(key, grant.grants);
    if (!grant.granted) return { admitted: false, reason: 'rate_limit', waitMs: grant.waitMs };
    if (this.failures >= circuit.threshold) this.openUntil = now + circuit.cooldownMs;
    return { admitted: true };
  }
  async recordSuccess(): Promise<void> {
    this.failures = 0;
    this.openUntil = 0;
  }
  async recordFailure(_key: string, threshold: number, cooldownMs: number): Promise<{ failures: number; circuitOpen: boolean }> {
    this.failures += 1;
    if (this.failures >= threshold) this.openUntil = this.now() + cooldownMs;
    return { failures: this.failures, circuitOpen: this.failures >= threshold };
  }
  async pause(_key: string, untilMs: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }
}

export class RecordingScheduler extends RunScheduler {
  readonly scheduled: Array<{ runId: string; step: number; at: Date }> = [];
  async schedule(runId: string, step: number, at: Date): Promise<void> {
    this.scheduled.push({ runId, step, at });
  }
}

export class FakeBoard extends TaskBoard {
  readonly tasks = new Map<string, BoardTask>();
  readonly calls: string[] = [];
  async find(taskId: string): Promise<BoardTask | undefined> {
    return this.tasks.get(taskId);
  }
  async claimNext(_actor: Actor, agentId: string): Promise<BoardTask | null> {
    const task = [...this.tasks.values()].find((t) => t.status === 'todo' && !t.assignee);
    if (!task) return null;
    Object.assign(task, { status: 'in_progress', assignee: { type: 'agent', id: agentId } });
    return task;
  }
  async handOff(_actor: Actor, taskId: string, agentId: string): Promise<BoardTask> {
    const task = this.tasks.get(taskId)!;
    Object.assign(task, { status: 'in_progress', assignee: { type: 'agent', id: agentId } });
    this.calls.push(`handOff ${taskId}`);
    return task;
  }
  async submitForReview(_actor: Actor, taskId: string): Promise<void> {
    this.calls.push(`review ${taskId}`);
  }
  async giveBack(_actor: Actor, taskId: string, _agentId: string, outcome: string): Promise<void> {
    this.calls.push(`${outcome} ${taskId}`);
  }
}

export class FixedLimits extends OrganizationLimitsReader {
  limits: AgentLimits = {};
  async current(): Promise<AgentLimits> {
    return this.limits;
  }
}

/** "Seals" by prefixing: enough to check the token is opened only for the call. */
export class PlainSealer extends CredentialSealer {
  seal(plaintext: string, associatedData: string) {
    return { sealed: `sealed:${associatedData}:${plaintext}`, keyId: 'k1' };
  }
  open(sealed: string, associatedData: string): string {
    const prefix = `sealed:${associatedData}:`;
    if (!sealed.startsWith(prefix)) throw new Error('wrong binding');
    return sealed.slice(prefix.length);
  }
}

export class RecordingAudit extends AgentAudit {
  readonly entries: AgentAuditEntry[] = [];
  async record(entry: AgentAuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}

export class RecordingEvents extends AgentEvents {
  readonly types: string[] = [];
  async publish(type: string): Promise<void> {
    this.types.push(type);
  }
}
