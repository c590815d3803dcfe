import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { Job, JobQueue } from '@switchyard/jobs';
import { ClsService } from 'nestjs-cls';
import { agentsConfig, AgentsSettings } from '../../agents.config';
import { AgentProviders, ProviderOutcome } from '../../application/agent-provider';
import { Plan, RunExecutor } from '../../application/run-executor';
import { AGENT_RUN_QUEUE, AgentRunJob } from '../adapters/collaborators.adapters';

/** A run's job lease; the provider call is bounded by AGENTS_PROVIDER_TIMEOUT_MS, far below it. */
const LEASE_MS = 60_000;

/**
 * The run worker on the durable queue: each job is one step of one run — decide (transaction),
 * call the provider (no transaction, no connection held), record (transaction). Submitting,
 * polling with growing intervals, the run timeout and cancellation all go through these steps
 * (RunExecutor). Jobs run as the system actor of the run's organization, so task history and audit
 * entries written by the tasks module name it.
 */
@Injectable()
export class AgentRunsJob implements OnModuleInit {
  private readonly logger = new Logger('AgentRunsJob');

  constructor(
    private readonly queue: JobQueue,
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
    private readonly executor: RunExecutor,
    private readonly providers: AgentProviders,
    @Inject(agentsConfig.KEY) private readonly settings: AgentsSettings,
  ) {}

  onModuleInit(): void {
    this.queue.work<AgentRunJob>(AGENT_RUN_QUEUE, {
      concurrency: this.settings.workerConcurrency,
      leaseMs: LEASE_MS,
      handle: (job) => this.handle(job),
    });
  }

  async handle(job: Job<AgentRunJob>): Promise<void> {
    const organizationId = job.organizationId;
    if (!organizationId) return;
    const { runId, step } = job.payload;
    const plan = await this.inTenant(organizationId, () => this.executor.prepare(organizationId, runId, step));
    if (plan.action === 'none') return;
    let outcome: ProviderOutcome;
    try {
      outcome = await this.call(plan);
    } catch (error) {
      // Not a provider answer: a bug or a crash in the client. Counted as an outage, retried later.
      this.logger.error({ runId, error: (error as Error).message }, 'Agent provider call failed');
      outcome = { kind: 'unavailable', detail: 'the call to the provider failed' };
    }
    await this.inTenant(organizationId, () => this.executor.record(organizationId, runId, plan, outcome));
  }

  private call(plan: Exclude<Plan, { action: 'none' }>): Promise<ProviderOutcome> {
    const client = this.providers.get(plan.provider);
    return plan.action === 'create' ? client.createRun(plan.credentials, plan.prompt) : client.getRun(plan.credentials, plan.externalRunId);
  }

  private inTenant<T>(organizationId: string, fn: () => Promise<T>): Promise<T> {
    return this.cls.run(() => {
      this.cls.set('actor', RunExecutor.actor(organizationId));
      return this.transaction.run({ organizationId }, fn);
    });
  }
}
