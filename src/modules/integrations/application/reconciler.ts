import { Injectable, Logger } from '@nestjs/common';
import { issueInput } from '../domain/linear';
import { DeliveryRepository } from './delivery.repository';
import { IntegrationRepository } from './integration.repository';
import { IntegrationsService } from './integrations.service';
import { fingerprint } from './linear.processor';
import { MappingRepository } from './mapping.repository';
import { PlatformApi, TasksGateway, TenantContext, WorkQueue } from './ports';

export interface ReconcileReport {
  integrations: number;
  listed: number;
  redelivered: number;
  replayed: number;
  errors: number;
}

/**
 * GitHub never redelivers a failed delivery by itself. Per GitHub integration with `reconcile`
 * configured, this lists the recent deliveries through GitHub's API and, for every delivery id
 * (guid) this service has no record of, asks GitHub to redeliver it (an outbound job); one
 * recorded but dead here is replayed locally.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger('Reconciler');

  constructor(
    private readonly tenant: TenantContext,
    private readonly integrations: IntegrationRepository,
    private readonly service: IntegrationsService,
    private readonly deliveries: DeliveryRepository,
    private readonly api: PlatformApi,
    private readonly queue: WorkQueue,
  ) {}

  async reconcileAll(): Promise<ReconcileReport> {
    const report: ReconcileReport = { integrations: 0, listed: 0, redelivered: 0, replayed: 0, errors: 0 };
    for (const { organizationId, integrationId } of await this.tenant.githubIntegrationsToReconcile()) {
      report.integrations += 1;
      try {
        const one = await this.reconcile(organizationId, integrationId);
        report.listed += one.listed;
        report.redelivered += one.redelivered;
        report.replayed += one.replayed;
      } catch (error) {
        report.errors += 1;
        this.logger.warn({ integrationId, error: (error as Error).message }, 'Reconciling a GitHub integration failed');
      }
    }
    return report;
  }

  async reconcile(organizationId: string, integrationId: string): Promise<{ listed: number; redelivered: number; replayed: number }> {
    const loaded = await this.tenant.run(organizationId, integrationId, async () => {
      const integration = await this.integrations.find(integrationId);
      return integration && { integration, credentials: await this.service.credentials(integrationId) };
    });
    if (!loaded?.integration.configuration.reconcile) return { listed: 0, redelivered: 0, replayed: 0 };
    const listed = await this.api.listGithubDeliveries(loaded.credentials, loaded.integration.configuration.reconcile);
    // One guid may have several attempts (redeliveries): the newest attempt stands for it.
    const newest = new Map<string, (typeof listed)[number]>();
    for (const delivery of listed) {
      const seen = newest.get(delivery.guid);
      if (!seen || seen.deliveredAt < delivery.deliveredAt) newest.set(delivery.guid, delivery);
    }
    return this.tenant.run(organizationId, integrationId, async () => {
      const known = await this.deliveries.settledKeys(integrationId, [...newest.keys()]);
      let redelivered = 0;
      let replayed = 0;
      for (const [guid, delivery] of newest) {
        const record = known.get(guid);
        if (!record) {
          await this.queue.enqueueOutbound({
            integrationId,
            action: { kind: 'github.redeliver', deliveryId: delivery.id, source: loaded.integration.configuration.reconcile! },
          });
          redelivered += 1;
        } else if (record.status === 'dead') {
          const jobId = await this.queue.enqueueDelivery({ integrationId, deliveryId: record.deliveryId, receivedAt: record.receivedAt });
          await this.deliveries.requeue(record, jobId);
          replayed += 1;
        }
      }
      return { listed: newest.size, redelivered, replayed };
    });
  }
}

/**
 * Tasks → Linear: for each task mapped to a Linear issue whose version moved since this service
 * last wrote or read it, send its fields to the issue, unless they are what was last sent or
 * received (the echo rule of LinearProcessor, from the other side).
 */
@Injectable()
export class LinearSync {
  constructor(
    private readonly tenant: TenantContext,
    private readonly mappings: MappingRepository,
    private readonly tasks: TasksGateway,
    private readonly queue: WorkQueue,
  ) {}

  async syncAll(): Promise<{ sent: number }> {
    let sent = 0;
    for (const { organizationId, integrationId } of await this.tenant.linearIntegrationsToSync()) {
      sent += await this.tenant.run(organizationId, integrationId, () => this.sync(integrationId));
    }
    return { sent };
  }

  async sync(integrationId: string): Promise<number> {
    let sent = 0;
    for (const mapping of await this.mappings.listByEntityType(integrationId, 'task', 500)) {
      if (mapping.externalType !== 'issue') continue;
      const task = await this.tasks.get(mapping.entityId);
      if (!task || task.version === mapping.entityVersion) continue;
      const print = fingerprint({ title: task.title, description: task.description, priority: task.priority, status: task.status });
      if (print !== mapping.lastSentFingerprint) {
        await this.queue.enqueueOutbound({
          integrationId,
          action: { kind: 'linear.update_issue', issueId: mapping.externalId, input: issueInput(task), mappingId: mapping.id, fingerprint: print },
        });
        sent += 1;
      }
      await this.mappings.update(mapping.id, { entityVersion: task.version, lastSentFingerprint: print });
    }
    return sent;
  }
}
