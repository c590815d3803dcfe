import { Injectable, Logger } from '@nestjs/common';
import { Integration } from '../domain/integration';
import { Platform } from '../domain/signatures';
import { ComponentRegistry } from './component.registry';
import { DeliveryRepository, StoredDelivery } from './delivery.repository';
import { IntegrationRepository } from './integration.repository';
import { DeliveryJob, IntegrationEvents, TenantContext, WebhookMetrics } from './ports';
import { parseBody } from './webhook-receiver.service';

export interface ProcessResult {
  status: 'processed' | 'ignored';
  outcome: Record<string, unknown>;
}

/** One platform's mapping of verified deliveries into this service. Idempotent: a replay has the effect of one run. */
export abstract class PlatformProcessor {
  abstract readonly platform: Platform;
  abstract process(integration: Integration, delivery: StoredDelivery, body: Record<string, unknown>): Promise<ProcessResult>;
}

/** Processors registered by platform (a Nest multi-provider would do; three classes do not need one). */
export abstract class PlatformProcessors {
  abstract for(platform: Platform): PlatformProcessor;
}

/**
 * Runs a delivery's processor in one transaction of its organization, with the delivery's
 * outcome and its inbound communication written in that same transaction: processed exactly
 * when its effects are committed. A failure is recorded in a transaction of its own, then
 * handed back to the queue, which retries with backoff and dead-letters at the end.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new Logger('DeliveryProcessor');

  constructor(
    private readonly tenant: TenantContext,
    private readonly deliveries: DeliveryRepository,
    private readonly integrations: IntegrationRepository,
    private readonly components: ComponentRegistry,
    private readonly processors: PlatformProcessors,
    private readonly metrics: WebhookMetrics,
    private readonly events: IntegrationEvents,
  ) {}

  /**
   * `completeJob`, when given, marks the queue's job completed in the processing transaction (its
   * last statement): the delivery's outcome and the job's completion commit together.
   */
  async process(organizationId: string, job: DeliveryJob, completeJob?: () => Promise<void>): Promise<void> {
    const started = Date.now();
    let delivery: StoredDelivery | undefined;
    const attempt = async () => {
      delivery = await this.deliveries.load(job);
      if (!delivery) return; // gone with its partition or its integration
      const integration = await this.integrations.find(delivery.integrationId);
      if (!integration) return;
      const result: ProcessResult =
        integration.status === 'disabled'
          ? { status: 'ignored', outcome: { reason: 'integration disabled' } }
          : await this.processors.for(delivery.platform).process(integration, delivery, parseBody(delivery.headers['content-type'], delivery.body));
      await this.deliveries.finish(job, result.status, result.outcome, null);
      await this.events.publish({
        type: 'integration.delivery.processed',
        entityType: 'webhook_delivery',
        entityId: delivery.id,
        severity: 'info',
        payload: { integrationId: delivery.integrationId, platform: delivery.platform, event: delivery.event, status: result.status },
      });
      // Last (but for the job's completion): it updates the integration's one component row, which
      // every delivery of the integration updates; its row lock is then held only until the commit.
      await this.record(delivery, result.status === 'processed' ? 'succeeded' : 'ignored', started, null);
      this.metrics.processed(delivery.platform, result.status, Date.now() - delivery.receivedAt.getTime());
    };
    try {
      await this.tenant.run(organizationId, job.integrationId, async () => {
        await attempt();
        await completeJob?.();
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ delivery: job.deliveryId, error: message }, 'Processing a webhook delivery failed');
      await this.tenant
        .run(organizationId, job.integrationId, async () => {
          await this.deliveries.finish(job, 'failed', null, message.slice(0, 2000));
          if (delivery) await this.record(delivery, 'failed', started, message);
        })
        .catch((failure) => this.logger.error(failure, 'Recording a failed delivery failed'));
      throw error;
    }
  }

  /** The queue gave up: the delivery is dead until an admin replays it. */
  async giveUp(organizationId: string, job: DeliveryJob, error: string): Promise<void> {
    await this.tenant.run(organizationId, job.integrationId, async () => {
      await this.deliveries.finish(job, 'dead', null, error.slice(0, 2000));
      await this.events.publish({
        type: 'integration.delivery.dead',
        entityType: 'webhook_delivery',
        entityId: job.deliveryId,
        severity: 'error',
        payload: { integrationId: job.integrationId, error: error.slice(0, 500) },
      });
    });
    const delivery = await this.tenant.run(organizationId, job.integrationId, () => this.deliveries.load(job));
    if (delivery) this.metrics.processed(delivery.platform, 'dead', Date.now() - delivery.receivedAt.getTime());
  }

  private async record(delivery: StoredDelivery, status: 'succeeded' | 'ignored' | 'failed', started: number, error: string | null): Promise<void> {
    await this.components.record({
      integrationId: delivery.integrationId,
      deliveryId: delivery.id,
      direction: 'inbound',
      operation: `webhook ${delivery.event}`,
      attempt: delivery.attempts + 1,
      timeoutMs: null,
      status,
      httpStatus: null,
      durationMs: Date.now() - started,
      error: error?.slice(0, 2000) ?? null,
      correlationId: delivery.dedupKey,
    });
  }
}
