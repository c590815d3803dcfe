import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigType } from '@switchyard/config';
import { DomainError, NotFoundError, Page, StaleVersionError } from '@switchyard/core';
import { SecretBox } from '@switchyard/crypto';
import { Integration, IntegrationConfiguration, IntegrationCredentials, IntegrationStatus } from '../domain/integration';
import { INTEGRATIONS } from '../domain/integrations.errors';
import { Platform } from '../domain/signatures';
import { integrationsConfig } from '../integrations.config';
import { ComponentRegistry } from './component.registry';
import { IntegrationChanges, IntegrationRepository } from './integration.repository';
import { IntegrationAudit, ProjectsGateway } from './ports';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CreateIntegration {
  platform: Platform;
  name: string;
  configuration?: IntegrationConfiguration;
  credentials?: IntegrationCredentials;
  webhookSecret: string;
}

export interface UpdateIntegration {
  version: number;
  name?: string;
  configuration?: IntegrationConfiguration;
  credentials?: IntegrationCredentials | null;
  status?: Exclude<IntegrationStatus, 'unhealthy'>;
}

export const CAPABILITIES: Record<Platform, string[]> = {
  github: ['webhooks', 'push', 'pull_request', 'workflow_run', 'workflow_job', 'installation', 'reconciliation'],
  linear: ['webhooks', 'issues.sync'],
  slack: ['webhooks', 'slash_commands', 'notifications'],
};

/** Associated data of sealed values: a secret sealed for one integration opens for no other. */
export const secretAad = (integrationId: string, kind: 'webhook' | 'credentials') => `integration:${integrationId}:${kind}`;

/** Integrations of the current organization: create, configure, rotate secrets. Secrets are sealed and never answered. */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly components: ComponentRegistry,
    private readonly box: SecretBox,
    private readonly audit: IntegrationAudit,
    private readonly projects: ProjectsGateway,
    @Inject(integrationsConfig.KEY) private readonly config: ConfigType<typeof integrationsConfig>,
  ) {}

  async create(input: CreateIntegration): Promise<Integration> {
    await this.assertProjects(input.configuration);
    // The id is chosen first so the sealed values are bound to it (associated data).
    const id = randomUUID();
    const integration = await this.integrations.insert({
      id,
      platform: input.platform,
      name: input.name,
      configuration: input.configuration ?? {},
      webhookSecretSealed: this.box.seal(input.webhookSecret, secretAad(id, 'webhook')),
      credentialsSealed: input.credentials ? this.box.seal(JSON.stringify(input.credentials), secretAad(id, 'credentials')) : null,
    });
    await this.components.ensureForIntegration(
      { id: integration.id, name: `${integration.platform}:${integration.name}`, platform: integration.platform },
      CAPABILITIES[integration.platform],
    );
    await this.audit.record({ action: 'create', entityType: 'integration', entityId: integration.id, after: integration });
    return integration;
  }

  list(query: { limit: number; cursor?: string; platform?: Platform }): Promise<Page<Integration>> {
    return this.integrations.list(query);
  }

  async get(id: string): Promise<Integration> {
    const integration = await this.integrations.find(id);
    if (!integration) throw new NotFoundError(INTEGRATIONS.INTEGRATION_NOT_FOUND, 'Integration', id);
    return integration;
  }

  private async getLocked(id: string): Promise<Integration> {
    const integration = await this.integrations.findLocked(id);
    if (!integration) throw new NotFoundError(INTEGRATIONS.INTEGRATION_NOT_FOUND, 'Integration', id);
    return integration;
  }

  async update(id: string, input: UpdateIntegration): Promise<Integration> {
    // Locked, so two changes carrying the same version cannot both pass the check (one 409).
    const before = await this.getLocked(id);
    if (before.version !== input.version) throw new StaleVersionError('Integration', id, input.version, before.version);
    await this.assertProjects(input.configuration);
    const changes: IntegrationChanges = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.configuration !== undefined) changes.configuration = input.configuration;
    if (input.status !== undefined) changes.status = input.status;
    if (input.credentials !== undefined)
      changes.credentialsSealed = input.credentials ? this.box.seal(JSON.stringify(input.credentials), secretAad(id, 'credentials')) : null;
    const after = await this.integrations.update(id, changes);
    if (!after) throw new NotFoundError(INTEGRATIONS.INTEGRATION_NOT_FOUND, 'Integration', id);
    await this.audit.record({ action: 'update', entityType: 'integration', entityId: id, before, after });
    return after;
  }

  /** A new webhook secret; the previous one is still accepted for `graceSeconds` (default INTEGRATIONS_SECRET_GRACE_SECONDS). */
  async rotateWebhookSecret(id: string, webhookSecret: string, graceSeconds?: number): Promise<Integration> {
    // Locked, so parallel rotations keep each replaced secret as the previous one in turn.
    const before = await this.getLocked(id);
    const sealedNow = await this.currentSealedSecret(id);
    const grace = graceSeconds ?? this.config.secretGraceSeconds;
    const after = await this.integrations.update(id, {
      webhookSecretSealed: this.box.seal(webhookSecret, secretAad(id, 'webhook')),
      previousWebhookSecretSealed: grace > 0 ? sealedNow : null,
      previousSecretValidUntil: grace > 0 ? new Date(Date.now() + grace * 1000) : null,
    });
    await this.audit.record({ action: 'rotate_webhook_secret', entityType: 'integration', entityId: id, before, after });
    return after!;
  }

  async delete(id: string): Promise<void> {
    const before = await this.get(id);
    await this.integrations.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'integration', entityId: id, before });
  }

  /** The integration's credentials, opened (for outbound calls only; never answered). */
  async credentials(id: string): Promise<IntegrationCredentials> {
    const sealed = await this.integrations.credentials(id);
    if (!sealed) return {};
    try {
      return JSON.parse(this.box.open(sealed, secretAad(id, 'credentials'))) as IntegrationCredentials;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      return {};
    }
  }

  /** Every project the configuration names must be the organization's own (another's is simply not found). */
  private async assertProjects(configuration: IntegrationConfiguration | undefined): Promise<void> {
    if (!configuration) return;
    const ids = new Set([
      ...Object.values(configuration.taskKeyPrefixes ?? {}),
      ...(configuration.repositoryProjectIds ?? []),
      ...(configuration.linear?.projectId ? [configuration.linear.projectId] : []),
      ...(configuration.slack?.projectId ? [configuration.slack.projectId] : []),
    ]);
    for (const id of ids) {
      if (!UUID.test(id) || !(await this.projects.projectExists(id)))
        throw new DomainError(INTEGRATIONS.PROJECT_NOT_FOUND, `Project ${String(id).slice(0, 100)} was not found`, { projectId: String(id).slice(0, 100) });
    }
  }

  private async currentSealedSecret(id: string): Promise<string> {
    const sealed = await this.integrations.webhookSecret(id);
    if (!sealed) throw new NotFoundError(INTEGRATIONS.INTEGRATION_NOT_FOUND, 'Integration', id);
    return sealed;
  }
}
