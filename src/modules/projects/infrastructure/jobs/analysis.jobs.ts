import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner, JobQueue } from '@switchyard/jobs';
import { CronTime } from 'cron';
import { AnalysesService, ANALYSIS_QUEUE, AnalysisJob } from '../../application/analyses.service';
import { AnalysisRunner } from '../../application/analysis-runner';
import { analysisConfig } from '../../projects.config';
import { RUNS_NEEDING_REPAIR } from '../persistence/analysis-run.sql';
import { REPOSITORIES_WITH_SCHEDULE } from '../persistence/repository.sql';

export const ANALYSIS_REAPER_JOB = 'analysis-reaper';
export const ANALYSIS_SCHEDULER_JOB = 'analysis-scheduler';
/** A run's job lease: the worker extends it every third of this while it works. */
const LEASE_MS = 60_000;

interface RunNeedingRepair {
  organization_id: string;
  run_id: string;
  status: 'queued' | 'running';
  job_state: string | null;
  job_error: string | null;
  job_attempts: number | null;
}

/**
 * Wires analysis runs to the durable queue (at most ANALYSIS_CONCURRENCY at once across
 * replicas) and schedules the reaper that repairs runs whose job can no longer finish them.
 */
@Injectable()
export class AnalysisJobs implements OnModuleInit {
  private readonly logger = new Logger('AnalysisJobs');

  constructor(
    private readonly queue: JobQueue,
    private readonly scheduler: ExclusiveJobRunner,
    private readonly runner: AnalysisRunner,
    private readonly analyses: AnalysesService,
    private readonly transaction: TenantTransaction,
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
  ) {}

  onModuleInit(): void {
    this.queue.work<AnalysisJob>(ANALYSIS_QUEUE, {
      concurrency: this.config.concurrency,
      globalConcurrency: this.config.concurrency,
      leaseMs: LEASE_MS,
      handle: (job) => this.runner.execute(job),
      onDead: (job, error) => this.runner.giveUp(job, error),
    });
    this.scheduler.schedule(ANALYSIS_REAPER_JOB, this.config.reaperCron, () => this.repair());
    this.scheduler.schedule(ANALYSIS_SCHEDULER_JOB, this.config.schedulerCron, () => this.queueScheduled());
  }

  /**
   * Queues the runs whose repository schedule (analysis_config.schedule, a cron expression in
   * UTC) fired since it last did. Once across replicas (the scheduler's lock).
   */
  async queueScheduled(): Promise<{ queued: number; skipped: number }> {
    const rows = await this.transaction.query<{
      organization_id: string;
      repository_id: string;
      schedule: string;
      last_scheduled_at: Date | null;
      created_at: Date;
    }>(REPOSITORIES_WITH_SCHEDULE);
    const now = new Date();
    let queued = 0;
    let skipped = 0;
    for (const row of rows) {
      if (!isDue(row.schedule, row.last_scheduled_at ?? row.created_at, now)) continue;
      const run = await this.transaction.run({ organizationId: row.organization_id }, () => this.analyses.requestScheduled(row.repository_id, now));
      if (run) queued += 1;
      else skipped += 1;
    }
    await this.transaction.enter({});
    return { queued, skipped };
  }

  /**
   * Runs inside the scheduler's locked transaction: finds unfinished runs, across tenants, whose
   * job is dead or gone (they fail, with the job's last error) or that show `running` while
   * their job waits for a retry because the worker died (they go back to `queued`).
   */
  async repair(): Promise<{ failed: number; requeued: number }> {
    const rows = await this.transaction.query<RunNeedingRepair>(RUNS_NEEDING_REPAIR);
    let failed = 0;
    let requeued = 0;
    for (const row of rows) {
      await this.transaction.run({ organizationId: row.organization_id }, async () => {
        if (row.job_state === 'queued') {
          await this.runner.requeue(row.run_id, `The worker stopped during attempt ${row.job_attempts}; the run will be retried`);
          requeued += 1;
        } else {
          const reason = row.job_state === 'dead' ? `Gave up: ${row.job_error ?? 'no attempts left'}` : 'The run lost its job (the queue no longer has it)';
          if (await this.runner.fail(row.organization_id, row.run_id, reason)) failed += 1;
        }
      });
    }
    await this.transaction.enter({});
    if (rows.length) this.logger.warn({ failed, requeued }, 'Repaired analysis runs');
    return { failed, requeued };
  }
}

/** Whether the cron schedule fired after `since` and no later than `now`. */
export function isDue(schedule: string, since: Date, now: Date): boolean {
  try {
    return new CronTime(schedule, 'UTC').getNextDateFrom(since).toJSDate() <= now;
  } catch {
    return false;
  }
}
