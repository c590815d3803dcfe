import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';
import { CronTime } from 'cron';
import { ExecutionEngine } from '../../application/execution-engine';
import { PipelineEventsService } from '../../application/pipeline-events.service';
import { RunnerApiService } from '../../application/runner-api.service';
import { pipelinesConfig } from '../../pipelines.config';
import { EXPIRE_ARTIFACTS, EXPIRED_LEASES, OVERDUE_EXECUTIONS, SCHEDULED_DEFINITIONS } from '../persistence/execution.sql';

export const PIPELINE_REAPER_JOB = 'pipeline-reaper';
export const PIPELINE_SCHEDULER_JOB = 'pipeline-scheduler';
export const PIPELINE_ARTIFACT_EXPIRY_JOB = 'pipeline-artifact-expiry';
const BATCH = 500;

/**
 * The module's scheduled jobs, each once across replicas (ExclusiveJobRunner): the reaper (steps
 * whose lease ran out go back to the queue, attempt counted, or fail; executions past their
 * deadline time out), the cron scheduler, and artifact expiry. The scans cross tenants through
 * SECURITY DEFINER functions; each change runs scoped to its organization.
 */
@Injectable()
export class PipelineJobs implements OnModuleInit {
  private readonly logger = new Logger('PipelineJobs');

  constructor(
    private readonly scheduler: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    private readonly runnerApi: RunnerApiService,
    private readonly engine: ExecutionEngine,
    private readonly events: PipelineEventsService,
    @Inject(pipelinesConfig.KEY) private readonly config: ConfigType<typeof pipelinesConfig>,
  ) {}

  onModuleInit(): void {
    this.scheduler.schedule(PIPELINE_REAPER_JOB, this.config.reaperCron, () => this.reap());
    this.scheduler.schedule(PIPELINE_SCHEDULER_JOB, this.config.schedulerCron, () => this.startScheduled());
    this.scheduler.schedule(PIPELINE_ARTIFACT_EXPIRY_JOB, this.config.artifactExpiryCron, () => this.expireArtifacts());
  }

  async reap(): Promise<{ requeued: number; failed: number; timedOut: number }> {
    let requeued = 0;
    let failed = 0;
    let timedOut = 0;
    const leases = await this.transaction.query<{ organization_id: string; step_id: string }>(EXPIRED_LEASES, [BATCH]);
    for (const row of leases) {
      const outcome = await this.transaction.run({ organizationId: row.organization_id }, () => this.runnerApi.expireLease(row.step_id));
      if (outcome === 'requeued') requeued += 1;
      if (outcome === 'failed') failed += 1;
    }
    await this.transaction.enter({});
    const overdue = await this.transaction.query<{ organization_id: string; execution_id: string }>(OVERDUE_EXECUTIONS, [BATCH]);
    for (const row of overdue) {
      const stopped = await this.transaction.run({ organizationId: row.organization_id }, () =>
        this.engine.stop(row.execution_id, 'timed_out', 'The execution ran past its timeout'),
      );
      if (stopped) timedOut += 1;
    }
    await this.transaction.enter({});
    if (requeued || failed || timedOut) this.logger.warn({ requeued, failed, timedOut }, 'Reaped pipeline steps and executions');
    return { requeued, failed, timedOut };
  }

  async startScheduled(now = new Date()): Promise<{ started: number }> {
    const rows = await this.transaction.query<{
      organization_id: string;
      definition_id: string;
      schedules: string[];
      last_scheduled_at: Date | null;
      created_at: Date;
    }>(SCHEDULED_DEFINITIONS);
    let started = 0;
    for (const row of rows) {
      if (!row.schedules.some((cron) => isDue(cron, row.last_scheduled_at ?? row.created_at, now))) continue;
      const execution = await this.transaction
        .run({ organizationId: row.organization_id }, () => this.events.onSchedule(row.definition_id, now))
        .catch((error: Error) => this.logger.warn({ error: error.message, pipeline: row.definition_id }, 'A scheduled execution could not start'));
      if (execution) started += 1;
    }
    await this.transaction.enter({});
    return { started };
  }

  async expireArtifacts(): Promise<{ expired: number }> {
    const [row] = await this.transaction.query<{ expired: string }>(EXPIRE_ARTIFACTS, [10_000]);
    return { expired: Number(row.expired) };
  }
}

/** Whether the cron schedule (UTC) fired after `since` and no later than `now`. */
export function isDue(schedule: string, since: Date, now: Date): boolean {
  try {
    return new CronTime(schedule, 'UTC').getNextDateFrom(since).toJSDate() <= now;
  } catch {
    return false;
  }
}
