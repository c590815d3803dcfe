import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner, JobQueue } from '@switchyard/jobs';
import { analyticsConfig } from '../../analytics.config';
import { AnalyticsSchedule } from '../../application/analytics-schedule';
import { AnomaliesService } from '../../application/anomalies.service';
import { LearningService } from '../../application/learning.service';
import { RollupsService } from '../../application/rollups.service';
import { AnalyticsNotFoundError } from '../../domain/analytics.errors';

export const ROLLUP_JOB = 'analytics-rollups';
export const ANOMALY_JOB = 'analytics-anomalies';
export const MINING_JOB = 'analytics-mining';
export const EVALUATE_QUEUE = 'analytics.evaluate';
export const MINE_QUEUE = 'analytics.mine';

/**
 * The scheduled work (once across replicas, ExclusiveJobRunner) and its durable per-organization
 * jobs (JobQueue): each minute the rules whose slot is that minute are queued, one job per
 * organization, so evaluation is spread over the hour and every organization's work runs in its
 * own tenant transaction with retries.
 */
@Injectable()
export class AnalyticsJobs implements OnModuleInit {
  private readonly logger = new Logger('Analytics');

  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly queue: JobQueue,
    private readonly transaction: TenantTransaction,
    private readonly schedule: AnalyticsSchedule,
    private readonly rollups: RollupsService,
    private readonly anomalies: AnomaliesService,
    private readonly learning: LearningService,
    @Inject(analyticsConfig.KEY) private readonly config: ConfigType<typeof analyticsConfig>,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(ROLLUP_JOB, this.config.rollupCron, async () => ({ refreshed: await this.rollups.refresh() }));
    this.runner.schedule(ANOMALY_JOB, this.config.anomalyCron, () => this.queueEvaluations(new Date()));
    this.runner.schedule(MINING_JOB, this.config.miningCron, () => this.queueMining(new Date()));
    this.queue.work<{ ruleIds: string[]; at: string }>(EVALUATE_QUEUE, {
      concurrency: 2,
      handle: async (job) => {
        for (const ruleId of job.payload.ruleIds) {
          await this.transaction.run({ organizationId: job.organizationId! }, async () => {
            await this.anomalies.evaluate(ruleId, new Date(job.payload.at)).catch((error: unknown) => {
              // A rule deleted since it was queued: nothing to do.
              if (!(error instanceof AnalyticsNotFoundError)) throw error;
            });
          });
        }
      },
    });
    this.queue.work<Record<string, never>>(MINE_QUEUE, {
      concurrency: 1,
      handle: async (job) => {
        const patterns = await this.transaction.run({ organizationId: job.organizationId! }, () => this.learning.mine());
        this.logger.log({ organizationId: job.organizationId, patterns: patterns.length }, 'Patterns mined');
      },
    });
  }

  /** Queues the evaluation of the rules whose slot is this minute: one job per organization. */
  async queueEvaluations(now: Date): Promise<{ slot: number; organizations: number; rules: number }> {
    const slot = now.getUTCMinutes();
    const due = await this.schedule.dueRules(slot);
    let rules = 0;
    for (const [organizationId, ruleIds] of due) {
      rules += ruleIds.length;
      await this.queue.send(EVALUATE_QUEUE, { ruleIds, at: now.toISOString() }, { organizationId, singletonKey: `slot-${slot}`, maxAttempts: 3 });
    }
    return { slot, organizations: due.size, rules };
  }

  async queueMining(now: Date): Promise<{ organizations: number }> {
    const organizations = await this.schedule.activeOrganizations(new Date(now.getTime() - 30 * 86_400_000));
    for (const organizationId of organizations) await this.queue.send(MINE_QUEUE, {}, { organizationId, singletonKey: 'mine', maxAttempts: 3 });
    return { organizations: organizations.length };
  }
}
