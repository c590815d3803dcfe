import { Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { TenantContext, WebhookTarget } from '../../application/ports';
import { Platform } from '../../domain/signatures';
import { GITHUB_INTEGRATIONS_TO_RECONCILE, LINEAR_INTEGRATIONS_TO_SYNC, WEBHOOK_TARGET } from '../persistence/integration.sql';

interface TargetRow {
  organization_id: string;
  platform: string;
  status: string;
  webhook_secret_sealed: string;
  previous_webhook_secret_sealed: string | null;
  previous_secret_valid_until: Date | null;
}

@Injectable()
export class TenantContextAdapter extends TenantContext {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
  ) {
    super();
  }

  async resolveWebhookTarget(integrationId: string): Promise<WebhookTarget | undefined> {
    const [row] = await this.transaction.query<TargetRow>(WEBHOOK_TARGET, [integrationId]);
    if (!row) return undefined;
    return {
      organizationId: row.organization_id,
      platform: row.platform as Platform,
      status: row.status,
      webhookSecretSealed: row.webhook_secret_sealed,
      previousWebhookSecretSealed: row.previous_webhook_secret_sealed,
      previousSecretValidUntil: row.previous_secret_valid_until,
    };
  }

  async enter(organizationId: string): Promise<void> {
    await this.transaction.enter({ organizationId });
  }

  /** Its own transaction (or the scheduler's, re-scoped), with the integration as the actor audit entries name. */
  run<T>(organizationId: string, integrationId: string | undefined, fn: () => Promise<T>): Promise<T> {
    const actor: Actor = { type: integrationId ? 'integration' : 'system', id: integrationId, organizationId, role: 'member' };
    const go = () =>
      this.transaction.run({ organizationId }, () => {
        this.cls.set('actor', actor);
        return fn();
      });
    return this.cls.isActive() ? go() : this.cls.run(go);
  }

  async githubIntegrationsToReconcile(): Promise<Array<{ organizationId: string; integrationId: string }>> {
    const rows = await this.transaction.run({}, () =>
      this.transaction.query<{ organization_id: string; integration_id: string }>(GITHUB_INTEGRATIONS_TO_RECONCILE),
    );
    return rows.map((row) => ({ organizationId: row.organization_id, integrationId: row.integration_id }));
  }

  async linearIntegrationsToSync(): Promise<Array<{ organizationId: string; integrationId: string }>> {
    const rows = await this.transaction.run({}, () => this.transaction.query<{ organization_id: string; integration_id: string }>(LINEAR_INTEGRATIONS_TO_SYNC));
    return rows.map((row) => ({ organizationId: row.organization_id, integrationId: row.integration_id }));
  }

  correlationId(): string | undefined {
    return this.cls.isActive() ? (this.cls.getId() ?? undefined) : undefined;
  }
}
