import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner, Job, JobFailure, JobQueue } from '@switchyard/jobs';
import { DeliveryProcessor } from '../../application/delivery-processor';
import { OutboundDispatcher, PermanentFailure, RetryLater } from '../../application/outbound-dispatcher';
import { DELIVERY_QUEUE, DeliveryJob, OUTBOUND_QUEUE, OutboundJob, WorkQueue } from '../../application/ports';
import { LinearSync, Reconciler } from '../../application/reconciler';
import { integrationsConfig } from '../../integrations.config';
import { PURGE_DELIVERY_KEYS } from '../persistence/webhook-delivery.sql';

export const RECONCILE_JOB = 'integrations-reconcile';
export const LINEAR_SYNC_JOB = 'integrations-linear-sync';
export const DELIVERY_KEYS_PURGE_JOB = 'integrations-delivery-keys-purge';
/** Dedup keys are kept as long as the longest delivery retention (deliveries go with their partitions). */
const DEDUP_KEY_RETENTION = '400 days';
/** An outbound call deferred (Retry-After, open circuit, spent budget) this many times is given up. */
const MAX_DEFERRALS = 20;

/** Wires deliveries and outbound calls to the durable queue, and schedules reconciliation and the Linear sync. */
@Injectable()
export class IntegrationsJobs implements OnModuleInit {
  private readonly logger = new Logger('IntegrationsJobs');

  constructor(
    private readonly queue: JobQueue,
    private readonly scheduler: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    private readonly processor: DeliveryProcessor,
    private readonly dispatcher: OutboundDispatcher,
    private readonly work: WorkQueue,
    private readonly reconciler: Reconciler,
    private readonly linearSync: LinearSync,
    @Inject(integrationsConfig.KEY) private readonly config: ConfigType<typeof integrationsConfig>,
  ) {}

  onModuleInit(): void {
    this.queue.work<DeliveryJob>(DELIVERY_QUEUE, {
      concurrency: this.config.deliveryConcurrency,
      leaseMs: 60_000,
      // The job completes in the processing transaction: outcome and completion commit together.
      handle: (job) => this.processor.process(this.organizationOf(job), job.payload, () => this.queue.completeInTransaction(job)),
      onDead: (job, error) => this.processor.giveUp(this.organizationOf(job), job.payload, error),
    });
    this.queue.work<OutboundJob>(OUTBOUND_QUEUE, {
      concurrency: 4,
      leaseMs: 60_000,
      handle: (job) => this.dispatch(job),
    });
    this.scheduler.schedule(RECONCILE_JOB, this.config.reconcileCron, async () => ({ ...(await this.reconciler.reconcileAll()) }));
    this.scheduler.schedule(LINEAR_SYNC_JOB, this.config.linearSyncCron, () => this.linearSync.syncAll());
    this.scheduler.schedule(DELIVERY_KEYS_PURGE_JOB, '0 17 3 * * *', async () => {
      const [row] = await this.transaction.query<{ purged: number }>(PURGE_DELIVERY_KEYS, [DEDUP_KEY_RETENTION]);
      return { purged: row.purged };
    });
  }

  private async dispatch(job: Job<OutboundJob>): Promise<void> {
    const organizationId = this.organizationOf(job);
    try {
      await this.dispatcher.dispatch(organizationId, job.payload, job.attempt);
    } catch (error) {
      if (error instanceof RetryLater) {
        const deferrals = (job.payload.deferrals ?? 0) + 1;
        if (deferrals > MAX_DEFERRALS) throw new JobFailure(`Deferred ${MAX_DEFERRALS} times: ${error.message}`, false);
        // A new job at the time the platform (or the circuit, or the budget) allows; this one is done.
        await this.transaction.run({ organizationId }, () =>
          this.work.enqueueOutbound({ ...job.payload, deferrals }, new Date(Date.now() + Math.min(error.delayMs, 3_600_000))),
        );
        this.logger.log({ job: job.id, delayMs: error.delayMs, reason: error.message }, 'Outbound call deferred');
        return;
      }
      if (error instanceof PermanentFailure) throw new JobFailure(error.message, false);
      throw error;
    }
  }

  private organizationOf(job: Job<unknown>): string {
    if (!job.organizationId) throw new JobFailure('An integration job without an organization', false);
    return job.organizationId;
  }
}
