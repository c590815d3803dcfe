import { Inject, Injectable } from '@nestjs/common';
import { Actor, Page } from '@switchyard/core';
import { agentsConfig, AgentsSettings } from '../agents.config';
import { Agent, mismatches } from '../domain/agent';
import { AgentRun, isTerminal, SourceType } from '../domain/agent-run';
import {
  AgentInactiveError,
  AgentNotFoundError,
  ConcurrencyLimitError,
  CapabilityMismatchError,
  InvalidRunTransitionError,
  NoCredentialsError,
  RunNotFoundError,
  RunTaskNotFoundError,
} from '../domain/agents.errors';
import { estimateBefore } from '../domain/cost';
import { checkBudget, monthStart } from '../domain/limits';
import { AgentRepository } from './agent.repository';
import { AgentRunRepository, RunQuery, RunStats } from './agent-run.repository';
import { AgentAudit, AgentEvents, BoardTask, OrganizationLimitsReader, RunScheduler, TaskBoard } from './collaborators';
import { randomUUID } from 'node:crypto';

export interface StartRunInput {
  prompt: string;
  context?: Record<string, unknown>;
  taskId?: string;
}

export interface HandOffInput {
  taskId: string;
  /** Defaults to a prompt made of the task's title and description. */
  prompt?: string;
  context?: Record<string, unknown>;
}

export interface Analytics {
  from: Date;
  to: Date;
  organization: RunReport;
  agents: Array<RunReport & { agentId: string }>;
}

export interface RunReport {
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  open: number;
  /** completed ÷ finished (completed + failed), null before any run finished. */
  successRate: number | null;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  estimatedCostUsd: number;
  reportedCostUsd: number | null;
  completedTasks: number;
  /** Estimated (or reported, where known) cost per task a run brought to review. */
  costPerCompletedTaskUsd: number | null;
  costIsEstimate: boolean;
}

/**
 * Runs of agents: started from the API, by an explicit hand-off of a task, or by an agent pulling
 * the next ready task that matches its capabilities. Every start is decided under the
 * organization's lock (budget, concurrency), inside the request's transaction, before anything is
 * sent to the provider: the worker (RunExecutor) does that after commit.
 */
@Injectable()
export class AgentRunsService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly runs: AgentRunRepository,
    private readonly limits: OrganizationLimitsReader,
    private readonly board: TaskBoard,
    private readonly scheduler: RunScheduler,
    private readonly audit: AgentAudit,
    private readonly events: AgentEvents,
    @Inject(agentsConfig.KEY) private readonly settings: AgentsSettings,
  ) {}

  async start(actor: Actor, agentId: string, input: StartRunInput): Promise<AgentRun> {
    await this.runs.lockOrganization();
    const agent = await this.usableAgent(agentId);
    if (input.taskId && !(await this.board.find(input.taskId))) throw new RunTaskNotFoundError(input.taskId);
    return this.enqueue(actor, agent, { ...input, sourceType: 'api' });
  }

  /** Hands one task to the agent: checked against its capabilities and the budget, then started and assigned. */
  async handOff(actor: Actor, agentId: string, input: HandOffInput): Promise<{ run: AgentRun; task: BoardTask }> {
    await this.runs.lockOrganization();
    const agent = await this.usableAgent(agentId);
    const task = await this.board.find(input.taskId);
    if (!task) throw new RunTaskNotFoundError(input.taskId);
    const reasons = mismatches(agent.capabilities, task);
    if (reasons.length > 0) throw new CapabilityMismatchError(agent.id, task.id, reasons);
    const prompt = input.prompt ?? promptFor(task);
    await this.checkBudget(agent, prompt, input.context ?? {});
    const started = await this.board.handOff(actor, task.id, agent.id);
    const run = await this.enqueue(actor, agent, { prompt, context: input.context, taskId: task.id, sourceType: 'handoff' });
    return { run, task: started };
  }

  /**
   * The agent pulls the next ready task its capabilities match (type, required labels), through
   * the tasks module's atomic claim: two agents never get the same task. Refused while the agent
   * has no free capacity; `{ run: null }` when nothing matches.
   */
  async pull(actor: Actor, agentId: string, input: { projectId?: string }): Promise<{ run: AgentRun | null; task: BoardTask | null }> {
    await this.runs.lockOrganization();
    const agent = await this.usableAgent(agentId);
    const open = await this.runs.openCount(agent.id);
    if (open >= agent.maxConcurrentRuns) throw new ConcurrencyLimitError('agent', agent.maxConcurrentRuns);
    const { taskTypes, labels } = agent.capabilities;
    const task = await this.board.claimNext(actor, agent.id, {
      projectId: input.projectId,
      types: taskTypes.length ? taskTypes : undefined,
      labels: labels.length ? labels : undefined,
    });
    if (!task) return { run: null, task: null };
    // A refusal (budget) rolls the claim back with the rest of the transaction.
    const run = await this.enqueue(actor, agent, { prompt: promptFor(task), taskId: task.id, sourceType: 'ready_queue' });
    return { run, task };
  }

  async get(id: string): Promise<AgentRun> {
    const run = await this.runs.find(id);
    if (!run) throw new RunNotFoundError(id);
    return run;
  }

  list(query: RunQuery): Promise<Page<AgentRun>> {
    return this.runs.list(query);
  }

  async listOfAgent(agentId: string, query: Omit<RunQuery, 'agentId'>): Promise<Page<AgentRun>> {
    if (!(await this.agents.find(agentId))) throw new AgentNotFoundError(agentId);
    return this.runs.list({ ...query, agentId });
  }

  /**
   * Cancels a queued or running run: it is no longer submitted nor polled (the Codegen API has no
   * cancel endpoint, so a run already at the provider may still finish there; its outcome is
   * ignored). A linked task goes back to the queue.
   */
  async cancel(actor: Actor, id: string): Promise<AgentRun> {
    const before = await this.runs.find(id, { lock: true });
    if (!before) throw new RunNotFoundError(id);
    if (isTerminal(before.status)) throw new InvalidRunTransitionError(before.status, 'cancelled');
    const now = new Date();
    const after = await this.runs.save({ ...before, status: 'cancelled', finishedAt: now, step: before.step + 1, nextCheckAt: null, error: null });
    await this.agents.addUsage(after.agentId, { cancelled: 1 });
    if (after.taskId) await this.board.giveBack(actor, after.taskId, after.agentId, 'released', `agent run ${id} was cancelled`);
    await this.audit.record({ action: 'cancel', entityType: 'agent_run', entityId: id, before: { status: before.status }, after: { status: 'cancelled' } });
    await this.events.publish('agent.run.cancelled', id, { agentId: after.agentId, previousStatus: before.status }, after.taskId);
    return after;
  }

  async analytics(from: Date, to: Date, agentId?: string): Promise<Analytics> {
    if (agentId && !(await this.agents.find(agentId))) throw new AgentNotFoundError(agentId);
    const rows = await this.runs.stats(from, to, agentId);
    const org = rows.find((r) => r.agentId === null);
    return {
      from,
      to,
      organization: report(org),
      agents: rows.filter((r) => r.agentId !== null).map((r) => ({ agentId: r.agentId!, ...report(r) })),
    };
  }

  private async usableAgent(agentId: string): Promise<Agent> {
    const agent = await this.agents.find(agentId, { lock: true });
    if (!agent) throw new AgentNotFoundError(agentId);
    if (!agent.active) throw new AgentInactiveError(agentId);
    if (!agent.credentials) throw new NoCredentialsError(agentId);
    return agent;
  }

  /** The budget check (402 before anything reaches the provider); the caller holds the organization's lock. */
  private async checkBudget(agent: Agent, prompt: string, context: Record<string, unknown>): Promise<number> {
    const estimate = estimateBefore(prompt, context, this.settings.pricing);
    const limits = await this.limits.current();
    const spend = await this.runs.spendSince(monthStart(new Date()), agent.id);
    const problem = checkBudget({ organizationUsd: limits.monthlyAgentBudgetUsd, agentUsd: agent.monthlyBudgetUsd }, spend, estimate.costUsd);
    if (problem) throw problem;
    return estimate.costUsd;
  }

  private async enqueue(actor: Actor, agent: Agent, input: StartRunInput & { sourceType: SourceType }): Promise<AgentRun> {
    const context = input.context ?? {};
    await this.checkBudget(agent, input.prompt, context);
    const estimate = estimateBefore(input.prompt, context, this.settings.pricing);
    const run = await this.runs.insert({
      id: randomUUID(),
      agentId: agent.id,
      taskId: input.taskId ?? null,
      prompt: input.prompt,
      context,
      sourceType: input.sourceType,
      estimatedInputTokens: estimate.inputTokens,
      estimatedOutputTokens: estimate.outputTokens,
      estimatedCostUsd: estimate.costUsd,
      // Set by the analytics module's templates once they exist (it verifies the version belongs to the organization).
      templateVersionId: null,
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    await this.agents.addUsage(agent.id, { runs: 1, lastRunAt: run.createdAt });
    await this.scheduler.schedule(run.id, run.step, new Date());
    await this.audit.record({
      action: 'create',
      entityType: 'agent_run',
      entityId: run.id,
      after: { agentId: agent.id, taskId: run.taskId, sourceType: run.sourceType, estimatedCostUsd: run.estimatedCostUsd, promptLength: run.prompt.length },
    });
    await this.events.publish('agent.run.queued', run.id, { agentId: agent.id, sourceType: run.sourceType }, run.taskId);
    return run;
  }
}

/** The task as a prompt: its title, then its description. */
export function promptFor(task: Pick<BoardTask, 'title' | 'description'>): string {
  return task.description ? `${task.title}\n\n${task.description}` : task.title;
}

function report(row: RunStats | undefined): RunReport {
  const r = row ?? {
    runs: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    open: 0,
    durationP50Ms: null,
    durationP95Ms: null,
    estimatedCostUsd: 0,
    reportedCostUsd: null,
    completedTasks: 0,
  };
  const finished = r.completed + r.failed;
  const cost = r.reportedCostUsd ?? r.estimatedCostUsd;
  return {
    runs: r.runs,
    completed: r.completed,
    failed: r.failed,
    cancelled: r.cancelled,
    open: r.open,
    successRate: finished > 0 ? Math.round((r.completed / finished) * 10_000) / 10_000 : null,
    durationP50Ms: r.durationP50Ms,
    durationP95Ms: r.durationP95Ms,
    estimatedCostUsd: r.estimatedCostUsd,
    reportedCostUsd: r.reportedCostUsd,
    completedTasks: r.completedTasks,
    costPerCompletedTaskUsd: r.completedTasks > 0 ? Math.round((cost / r.completedTasks) * 1e6) / 1e6 : null,
    costIsEstimate: r.reportedCostUsd === null,
  };
}
