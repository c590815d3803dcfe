import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ConfigType, schedulerConfig } from '@switchyard/config';
import { COMMON, NotFoundError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { CronJob } from 'cron';
import { CLAIM_TICK, TRY_JOB_LOCK } from './scheduler.sql';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export type JobResult = Record<string, unknown>;

export interface JobRun {
  job: string;
  /** False when another replica held the job's lock or already ran this tick, so this one did nothing. */
  ran: boolean;
  /** The cron tick a scheduled run was started for (absent for runs on demand). */
  tick?: string;
  durationMs: number;
  result?: JobResult;
}

/**
 * Runs scheduled maintenance exactly once per tick across replicas: each run takes a
 * transaction-level advisory lock named after the job and skips when another replica holds it;
 * a scheduled run then claims its tick (the cron time it fired for, the same on every replica) in
 * scheduled_job_runs and skips when the tick was already run — the lock alone lets a replica
 * whose timer fired a few milliseconds late run a fast job's tick a second time. The job's work
 * happens in that same transaction (as the runtime role, with no tenant: cross-tenant work goes
 * through purpose-built SECURITY DEFINER functions).
 */
@Injectable()
export class ExclusiveJobRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, () => Promise<JobResult>>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly replica = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly transaction: TenantTransaction,
    private readonly registry: SchedulerRegistry,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
  ) {}

  /** Registers a job (runnable on demand) and, when the scheduler is enabled, its cron schedule. */
  schedule(name: string, cronExpression: string, work: () => Promise<JobResult>): void {
    this.jobs.set(name, work);
    if (!this.config.enabled) return;
    let due: Date | undefined;
    const cron = CronJob.from({
      cronTime: cronExpression,
      onTick: async () => {
        // The timer is re-armed before onTick runs: nextDate() is already the following tick.
        const tick = due ?? new Date(Math.floor(Date.now() / 1000) * 1000);
        due = cron.nextDate().toJSDate();
        await this.run(name, tick).catch((error) => this.logger.error(error, `Job ${name} failed`));
      },
      start: false,
    });
    due = cron.nextDate().toJSDate();
    cron.start();
    this.registry.addCronJob(name, cron);
  }

  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  /** Runs a job now (on demand: no tick), or for a cron tick (skipped when that tick already ran). */
  run(name: string, tick?: Date): Promise<JobRun> {
    const work = this.jobs.get(name);
    if (!work) throw new NotFoundError(COMMON.JOB_NOT_FOUND, 'Job', name);
    const run = this.runLocked(name, work, tick);
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** Lets in-flight jobs finish on SIGTERM. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async runLocked(name: string, work: () => Promise<JobResult>, tick?: Date): Promise<JobRun> {
    const started = Date.now();
    const outcome = await this.transaction.run({}, async () => {
      const [{ locked }] = await this.transaction.query<{ locked: boolean }>(TRY_JOB_LOCK, [`switchyard.job.${name}`]);
      if (!locked) return { ran: false };
      if (tick) {
        const [{ claimed }] = await this.transaction.query<{ claimed: boolean }>(CLAIM_TICK, [name, tick, this.replica]);
        if (!claimed) return { ran: false };
      }
      return { ran: true, result: await work() };
    });
    const run: JobRun = { job: name, durationMs: Date.now() - started, ...(tick ? { tick: tick.toISOString() } : {}), ...outcome };
    this.logger.log(
      { job: name, ran: run.ran, tick: run.tick, replica: this.replica, durationMs: run.durationMs, result: run.result },
      run.ran ? `Job ${name} done` : `Job ${name} skipped: running or ran elsewhere`,
    );
    return run;
  }
}
