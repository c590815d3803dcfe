import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { agentsConfig, AgentsSettings } from '../agents.config';
import { accountKey, Provider } from '../domain/agent';
import { AgentRun, isTerminal, pollDelayMs, retryDelayMs, RunStatus } from '../domain/agent-run';
import { estimateAfter } from '../domain/cost';
import { checkCapacity } from '../domain/limits';
import { RateWindow } from '../domain/rate-window';
import { AgentRepository } from './agent.repository';
import { AgentRunRepository } from './agent-run.repository';
import { ProviderCredentials, ProviderOutcome, ProviderRun } from './agent-provider';
import { credentialBinding } from './agents.service';
import { AgentAudit, AgentEvents, CredentialSealer, OrganizationLimitsReader, RunScheduler, TaskBoard } from './collaborators';
import { ProviderAccounts } from './provider-accounts';

/** What the worker does next for a run, decided in a transaction; the provider call happens after it commits. */
export type Plan =
  | { action: 'none'; why: string }
  | { action: 'create'; step: number; provider: Provider; accountKey: string; credentials: ProviderCredentials; prompt: string }
  | { action: 'read'; step: number; provider: Provider; accountKey: string; credentials: ProviderCredentials; externalRunId: string };

/**
 * The run worker's decisions (the job in infrastructure/jobs runs each in a tenant transaction and
 * calls the provider between them). Every run carries a `step`; each job names the step it was
 * scheduled for, and a job whose step is no longer the run's does nothing, so cancels, reschedules
 * and duplicate deliveries cannot act twice. A plan that calls the provider moves the step on and
 * sets `next_check_at` a little past the call's time limit: if the worker dies mid-call, the
 * sweeper (agent-runs-sweeper) finds the run overdue and schedules its step again.
 */
@Injectable()
export class RunExecutor {
  constructor(
    private readonly agents: AgentRepository,
    private readonly runs: AgentRunRepository,
    private readonly accounts: ProviderAccounts,
    private readonly limits: OrganizationLimitsReader,
    private readonly sealer: CredentialSealer,
    private readonly scheduler: RunScheduler,
    private readonly board: TaskBoard,
    private readonly audit: AgentAudit,
    private readonly events: AgentEvents,
    @Inject(agentsConfig.KEY) private readonly settings: AgentsSettings,
  ) {}

  /** The system actor the worker writes task history and audit entries as. */
  static actor(organizationId: string): Actor {
    return { type: 'system', organizationId, role: 'admin' };
  }

  windowOf(kind: 'create' | 'read'): RateWindow {
    return kind === 'create'
      ? { limit: this.settings.codegenCreatesPerMinute, windowMs: 60_000 }
      : { limit: this.settings.codegenReadsPer30s, windowMs: 30_000 };
  }

  async prepare(organizationId: string, runId: string, step: number): Promise<Plan> {
    const run = await this.runs.find(runId, { lock: true });
    if (!run) return { action: 'none', why: 'gone' };
    if (isTerminal(run.status)) return { action: 'none', why: 'finished' };
    if (run.step !== step) return { action: 'none', why: 'stale' };
    const now = new Date();
    const agent = await this.agents.workerView(run.agentId);
    const sealed = agent?.credentials;
    if (!agent || !sealed) return this.none(await this.finish(organizationId, run, 'failed', 'The agent has no provider credentials'));
    const submitting = run.status === 'queued' || !run.externalRunId;

    if (run.status === 'queued' && !agent.active) {
      // Deactivated before its run reached the provider: nothing new is sent for it (a running run is still polled to its end).
      return this.none(await this.finish(organizationId, run, 'cancelled', 'The agent was deactivated before the run reached the provider'));
    }
    if (run.status === 'queued') {
      await this.runs.lockOrganization();
      const limits = await this.limits.current();
      const full = checkCapacity({ organization: limits.maxConcurrentAgentRuns, agent: agent.maxConcurrentRuns }, await this.runs.runningCounts(run.agentId));
      if (full) return this.none(await this.reschedule(run, now.getTime() + this.settings.capacityRetryMs), 'no free slot');
    } else if (run.timeoutAt && now >= run.timeoutAt) {
      return this.none(await this.finish(organizationId, run, 'failed', `The run did not finish within ${this.settings.runTimeoutMs} ms`));
    }

    const key = accountKey(agent.provider, sealed.externalOrganizationId);
    const kind = submitting ? 'create' : 'read';
    const admission = await this.accounts.admit(key, kind, this.windowOf(kind), {
      threshold: this.settings.circuitThreshold,
      cooldownMs: this.settings.circuitCooldownMs,
    });
    if (!admission.admitted) return this.none(await this.reschedule(run, now.getTime() + admission.waitMs), admission.reason);

    const next: AgentRun = { ...run, step: run.step + 1, nextCheckAt: new Date(now.getTime() + this.watchdogMs()) };
    if (run.status === 'queued') Object.assign(next, { status: 'running', startedAt: now, timeoutAt: new Date(now.getTime() + this.settings.runTimeoutMs) });
    if (submitting) Object.assign(next, { attempts: run.attempts + 1, submittedAt: now });
    await this.runs.save(next);
    if (run.status === 'queued') await this.events.publish('agent.run.started', run.id, { agentId: run.agentId }, run.taskId);

    const credentials = {
      externalOrganizationId: sealed.externalOrganizationId,
      token: this.sealer.open(sealed.sealedToken, credentialBinding(organizationId, run.agentId)),
    };
    return submitting
      ? { action: 'create', step: next.step, provider: agent.provider, accountKey: key, credentials, prompt: run.prompt }
      : { action: 'read', step: next.step, provider: agent.provider, accountKey: key, credentials, externalRunId: run.externalRunId! };
  }

  /** Records what the provider answered to `plan` (a new transaction, after the call). */
  async record(organizationId: string, runId: string, plan: Exclude<Plan, { action: 'none' }>, outcome: ProviderOutcome): Promise<void> {
    const run = await this.runs.find(runId, { lock: true });
    if (!run) return;
    const key = plan.accountKey;
    const now = Date.now();

    if (outcome.kind === 'ok') await this.accounts.recordSuccess(key);
    if (outcome.kind === 'unavailable') await this.accounts.recordFailure(key, this.settings.circuitThreshold, this.settings.circuitCooldownMs);

    if (run.step !== plan.step || isTerminal(run.status)) {
      // Cancelled (or finished) meanwhile: keep the provider's id for reference, act no further.
      if (outcome.kind === 'ok' && plan.action === 'create' && !run.externalRunId) {
        await this.runs.save({ ...run, externalRunId: outcome.run.externalRunId, webUrl: outcome.run.webUrl });
      }
      return;
    }

    switch (outcome.kind) {
      case 'ok': {
        const seen = outcome.run;
        const polls = plan.action === 'read' ? run.polls + 1 : 0;
        const updated: AgentRun = { ...run, polls, externalRunId: seen.externalRunId, webUrl: seen.webUrl ?? run.webUrl, error: null };
        if (seen.status === 'running') {
          await this.reschedule(updated, now + pollDelayMs(polls, this.settings.pollBaseMs, this.settings.pollMaxMs));
        } else {
          await this.finish(
            organizationId,
            updated,
            seen.status,
            seen.status === 'failed' ? (seen.summary ?? seen.result ?? 'The provider reports the run failed') : null,
            seen,
          );
        }
        return;
      }
      case 'rate_limited': {
        const waitMs = outcome.retryAfterMs ?? retryDelayMs(run.attempts, this.settings.retryBaseMs, this.settings.retryMaxMs);
        await this.accounts.pause(key, now + waitMs);
        await this.reschedule({ ...run, error: 'The provider asked to slow down (429)' }, now + waitMs);
        return;
      }
      case 'unavailable': {
        if (plan.action === 'create' && run.attempts >= this.settings.maxSubmitAttempts) {
          await this.finish(organizationId, run, 'failed', `The provider stayed unavailable after ${run.attempts} attempts: ${outcome.detail}`);
          return;
        }
        const delay = retryDelayMs(plan.action === 'create' ? run.attempts : run.polls, this.settings.retryBaseMs, this.settings.retryMaxMs);
        await this.reschedule({ ...run, error: `The provider is unavailable: ${outcome.detail}` }, now + delay);
        return;
      }
      case 'rejected':
        await this.finish(
          organizationId,
          run,
          'failed',
          `The provider refused the ${plan.action === 'create' ? 'run' : 'status read'} (${outcome.status}): ${outcome.detail}`,
        );
        return;
    }
  }

  /** A call that never came back (the worker threw mid-call) counts as an outage of the provider. */
  async recordCrash(organizationId: string, runId: string, plan: Exclude<Plan, { action: 'none' }>, detail: string): Promise<void> {
    await this.record(organizationId, runId, plan, { kind: 'unavailable', detail });
  }

  private watchdogMs(): number {
    return this.settings.providerTimeoutMs * 2 + 5000;
  }

  private none(_: unknown, why = 'done'): Plan {
    return { action: 'none', why };
  }

  private async reschedule(run: AgentRun, atMs: number): Promise<AgentRun> {
    const at = new Date(atMs);
    const saved = await this.runs.save({ ...run, step: run.step + 1, nextCheckAt: at });
    await this.scheduler.schedule(run.id, saved.step, at);
    return saved;
  }

  private async finish(
    organizationId: string,
    run: AgentRun,
    status: Exclude<RunStatus, 'queued' | 'running'>,
    error: string | null,
    seen?: ProviderRun,
  ): Promise<AgentRun> {
    const now = new Date();
    const result = seen?.result ?? run.result;
    const summary = seen?.summary ?? run.summary;
    const estimate = estimateAfter(run.estimatedInputTokens, result, summary, this.settings.pricing);
    const finished = await this.runs.save({
      ...run,
      status,
      error,
      result,
      summary,
      pullRequests: seen?.pullRequests ?? run.pullRequests,
      finishedAt: now,
      startedAt: run.startedAt ?? now,
      step: run.step + 1,
      nextCheckAt: null,
      estimatedOutputTokens: estimate.outputTokens,
      estimatedCostUsd: estimate.costUsd,
      reportedTokens: seen?.reportedTokens ?? run.reportedTokens,
      reportedCostUsd: seen?.reportedCostUsd ?? run.reportedCostUsd,
    });
    await this.agents.addUsage(run.agentId, {
      completed: status === 'completed' ? 1 : 0,
      failed: status === 'failed' ? 1 : 0,
      cancelled: status === 'cancelled' ? 1 : 0,
      estimatedCostUsd: estimate.costUsd,
    });
    const actor = RunExecutor.actor(organizationId);
    if (run.taskId) {
      if (status === 'completed') await this.board.submitForReview(actor, run.taskId, run.agentId, run.id, finished.pullRequests);
      else
        await this.board.giveBack(actor, run.taskId, run.agentId, status === 'failed' ? 'failed' : 'released', error ?? `agent run ${run.id} ended ${status}`);
    }
    await this.audit.record({
      action: status,
      entityType: 'agent_run',
      entityId: run.id,
      actor,
      before: { status: run.status },
      after: { status, error, pullRequests: finished.pullRequests.length },
    });
    await this.events.publish(
      `agent.run.${status}`,
      run.id,
      { agentId: run.agentId, durationMs: now.getTime() - (run.startedAt ?? now).getTime(), estimatedCostUsd: estimate.costUsd },
      run.taskId,
    );
    // A slot is free: the oldest queued runs look again now instead of at their next retry.
    for (const queued of await this.runs.oldestQueued(3)) await this.scheduler.schedule(queued.id, queued.step, now);
    return finished;
  }
}
