import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ConfigType, schedulerConfig } from '@switchyard/config';
import { COMMON, NotFoundError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { CronJob } from 'cron';

export type JobResult = Record<string, unknown>;

export interface JobRun {
  job: string;
  /** False when another replica held the job's lock, so this one did nothing. */
  ran: boolean;
  durationMs: number;
  result?: JobResult;
}

/**
 * Runs scheduled maintenance exactly once across replicas: each run takes a transaction-level
 * advisory lock named after the job and skips when another replica holds it. The job's work
 * happens in that same transaction (as the runtime role, with no tenant: cross-tenant work goes
 * through purpose-built SECURITY DEFINER functions).
 */
@Injectable()
export class ExclusiveJobRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, () => Promise<JobResult>>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly transaction: TenantTransaction,
    private readonly registry: SchedulerRegistry,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
  ) {}

  /** Registers a job (runnable on demand) and, when the scheduler is enabled, its cron schedule. */
  schedule(name: string, cronExpression: string, work: () => Promise<JobResult>): void {
    this.jobs.set(name, work);
    if (!this.config.enabled) return;
    const cron = CronJob.from({
      cronTime: cronExpression,
      onTick: async () => {
        await this.run(name).catch((error) => this.logger.error(error, `Job ${name} failed`));
      },
      start: true,
    });
    this.registry.addCronJob(name, cron);
  }

  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  run(name: string): Promise<JobRun> {
    const work = this.jobs.get(name);
    if (!work) throw new NotFoundError(COMMON.JOB_NOT_FOUND, 'Job', name);
    const run = this.runLocked(name, work);
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** Lets in-flight jobs finish on SIGTERM. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async runLocked(name: string, work: () => Promise<JobResult>): Promise<JobRun> {
    const started = Date.now();
    const outcome = await this.transaction.run({}, async () => {
      const [{ locked }] = await this.transaction.query<{ locked: boolean }>('select pg_try_advisory_xact_lock(hashtext($1)) as locked', [
        `switchyard.job.${name}`,
      ]);
      return locked ? { ran: true, result: await work() } : { ran: false };
    });
    const run: JobRun = { job: name, durationMs: Date.now() - started, ...outcome };
    this.logger.log(
      { job: name, ran: run.ran, durationMs: run.durationMs, result: run.result },
      run.ran ? `Job ${name} done` : `Job ${name} skipped: running elsewhere`,
    );
    return run;
  }
}
