import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';
import { agentsConfig, AgentsSettings } from '../../agents.config';
import { RunScheduler } from '../../application/collaborators';
import { OVERDUE_RUNS } from '../persistence/agent.sql';

export const AGENT_RUNS_SWEEPER_JOB = 'agent-runs-sweeper';

/**
 * Once across replicas (AGENTS_SWEEP_CRON): open runs whose next step is overdue by
 * AGENTS_SWEEP_GRACE_MS — their job was lost with a worker that died mid-step — get their step
 * scheduled again. Cross-tenant through the SECURITY DEFINER function agent_runs_overdue; each
 * job is sent in its organization's scope. A step that was merely late runs once: the duplicate
 * finds the step moved on and does nothing.
 */
@Injectable()
export class AgentRunsSweeper implements OnModuleInit {
  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    private readonly scheduler: RunScheduler,
    @Inject(agentsConfig.KEY) private readonly settings: AgentsSettings,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(AGENT_RUNS_SWEEPER_JOB, this.settings.sweepCron, () => this.sweep());
  }

  async sweep(): Promise<{ rescheduled: number }> {
    const rows = await this.transaction.run({}, () =>
      this.transaction.query<{ organization_id: string; run_id: string; step: number }>(OVERDUE_RUNS, [this.settings.sweepGraceMs, 1000]),
    );
    const now = new Date();
    for (const row of rows) {
      await this.transaction.run({ organizationId: row.organization_id }, () => this.scheduler.schedule(row.run_id, row.step, now));
    }
    if (this.transaction.active) await this.transaction.enter({});
    return { rescheduled: rows.length };
  }
}
