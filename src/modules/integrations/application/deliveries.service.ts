import { Injectable } from '@nestjs/common';
import { NotFoundError, Page } from '@switchyard/core';
import { Delivery, DeliveryStatus } from '../domain/delivery';
import { circuitOpen } from '../domain/integration';
import { INTEGRATIONS } from '../domain/integrations.errors';
import { Communication, Component, ComponentRegistry } from './component.registry';
import { DeliveryHealth, DeliveryRepository } from './delivery.repository';
import { IntegrationsService } from './integrations.service';
import { IntegrationAudit, WorkQueue } from './ports';

export interface IntegrationHealth extends DeliveryHealth {
  integrationId: string;
  status: string;
  circuitOpen: boolean;
  consecutiveFailures: number;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  windowStart: Date;
}

/** The sync log, replays and health of the current organization's integrations. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly deliveries: DeliveryRepository,
    private readonly components: ComponentRegistry,
    private readonly queue: WorkQueue,
    private readonly audit: IntegrationAudit,
  ) {}

  async list(integrationId: string, query: { limit: number; cursor?: string; status?: DeliveryStatus[] }): Promise<Page<Delivery>> {
    await this.integrations.get(integrationId);
    return this.deliveries.list(integrationId, query);
  }

  async get(integrationId: string, id: string): Promise<Delivery> {
    await this.integrations.get(integrationId);
    const delivery = await this.deliveries.find(integrationId, id);
    if (!delivery) throw new NotFoundError(INTEGRATIONS.DELIVERY_NOT_FOUND, 'Delivery', id);
    return delivery;
  }

  /** Processes the delivery again (whatever its state); processors are idempotent, so twice has the effect of once. */
  async replay(integrationId: string, id: string): Promise<Delivery> {
    const delivery = await this.get(integrationId, id);
    const ref = { deliveryId: delivery.id, receivedAt: delivery.receivedAt.toISOString() };
    const jobId = await this.queue.enqueueDelivery({ integrationId, ...ref });
    await this.deliveries.requeue(ref, jobId);
    await this.audit.record({ action: 'replay', entityType: 'webhook_delivery', entityId: delivery.id, before: { status: delivery.status } });
    return { ...delivery, status: 'queued', error: null };
  }

  /** Replays every dead delivery received in [from, to). */
  async replayDead(integrationId: string, from: Date, to: Date, limit: number): Promise<{ replayed: string[] }> {
    await this.integrations.get(integrationId);
    const refs = await this.deliveries.deadBetween(integrationId, from, to, limit);
    for (const ref of refs) {
      const jobId = await this.queue.enqueueDelivery({ integrationId, ...ref });
      await this.deliveries.requeue(ref, jobId);
    }
    if (refs.length)
      await this.audit.record({ action: 'replay_dead', entityType: 'integration', entityId: integrationId, after: { from, to, replayed: refs.length } });
    return { replayed: refs.map((ref) => ref.deliveryId) };
  }

  /** Deliveries, failures and processing lag over the last hour, with the circuit's state. */
  async health(integrationId: string): Promise<IntegrationHealth> {
    const integration = await this.integrations.get(integrationId);
    // The hour before the current minute began: the same answer within a minute (cacheable, comparable).
    const windowStart = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
    const figures = await this.deliveries.health(integrationId, windowStart);
    return {
      integrationId,
      status: integration.status,
      circuitOpen: circuitOpen(integration, new Date()),
      consecutiveFailures: integration.consecutiveFailures,
      lastSuccessAt: integration.lastSuccessAt,
      lastErrorAt: integration.lastErrorAt,
      lastError: integration.lastError,
      windowStart,
      ...figures,
    };
  }

  async communications(integrationId: string, query: { limit: number; cursor?: string; direction?: 'inbound' | 'outbound' }): Promise<Page<Communication>> {
    await this.integrations.get(integrationId);
    return this.components.communications(integrationId, query);
  }

  listComponents(query: { limit: number; cursor?: string }): Promise<Page<Component>> {
    return this.components.list(query);
  }
}
