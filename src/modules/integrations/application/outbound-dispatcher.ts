import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { COMMON, DomainError } from '@switchyard/core';
import { afterFailure, circuitOpen } from '../domain/integration';
import { integrationsConfig } from '../integrations.config';
import { ComponentRegistry, CommunicationStatus } from './component.registry';
import { IntegrationRepository } from './integration.repository';
import { IntegrationsService } from './integrations.service';
import { MappingRepository } from './mapping.repository';
import { CallBudget, OutboundJob, PlatformApi, PlatformCallResult, TenantContext } from './ports';

/** Try again at a given time (Retry-After, an open circuit, a spent budget); does not count as a failed attempt. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** The platform refused the call for good (4xx other than 429): retrying cannot help. */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * Makes one outbound call of an integration: only while its circuit is closed and its per-minute
 * budget (shared across replicas) allows, honouring the platform's Retry-After, and records the
 * call as a communication of the integration's component, with the integration's last success
 * or error. Five consecutive failures open the circuit and mark the integration unhealthy.
 */
@Injectable()
export class OutboundDispatcher {
  private readonly logger = new Logger('OutboundDispatcher');

  constructor(
    private readonly tenant: TenantContext,
    private readonly integrations: IntegrationRepository,
    private readonly service: IntegrationsService,
    private readonly components: ComponentRegistry,
    private readonly mappings: MappingRepository,
    private readonly api: PlatformApi,
    private readonly budget: CallBudget,
    @Inject(integrationsConfig.KEY) private readonly config: ConfigType<typeof integrationsConfig>,
  ) {}

  async dispatch(organizationId: string, job: OutboundJob, attempt: number): Promise<void> {
    const loaded = await this.tenant.run(organizationId, job.integrationId, async () => {
      const integration = await this.integrations.find(job.integrationId);
      return integration && { integration, credentials: await this.service.credentials(integration.id) };
    });
    if (!loaded || loaded.integration.status === 'disabled') return;
    const { integration, credentials } = loaded;
    const now = new Date();
    if (circuitOpen(integration, now)) throw new RetryLater(integration.circuitOpenUntil!.getTime() - now.getTime(), 'circuit open');
    const wait = await this.budget.take(integration.id, this.config.callsPerMinute);
    if (wait > 0) throw new RetryLater(wait, 'per-integration call budget spent');

    const started = Date.now();
    let result: PlatformCallResult;
    try {
      result = await this.api.call(integration.platform, credentials, job.action);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DomainError && error.code === COMMON.OUTBOUND_REFUSED.code) {
        // The URL names a host the outbound gate refuses (our own network, say: a slash command's
        // response_url is the sender's to choose). No retry can change that, and it says nothing of
        // the platform's health: recorded, given up, and the circuit left alone.
        await this.record(organizationId, job, attempt, started, 'refused', null, message);
        throw new PermanentFailure(message);
      }
      await this.failed(organizationId, job, attempt, started, message.includes('timed out') ? 'timeout' : 'failed', null, message);
      throw error;
    }
    const slackError = integration.platform === 'slack' && isObject(result.body) && result.body.ok === false ? String(result.body.error ?? 'error') : undefined;
    if (result.status === 429 || slackError === 'ratelimited') {
      const delayMs = (result.retryAfterSeconds ?? 30) * 1000;
      await this.record(organizationId, job, attempt, started, 'rate_limited', result.status, `rate limited; retry after ${delayMs / 1000} s`);
      throw new RetryLater(delayMs, 'the platform asked to slow down');
    }
    if (result.status >= 500) {
      await this.failed(organizationId, job, attempt, started, 'failed', result.status, `HTTP ${result.status}`);
      throw new Error(`${integration.platform} answered HTTP ${result.status}`);
    }
    if (result.status >= 400 || slackError) {
      const message = slackError ? `Slack error ${slackError}` : `HTTP ${result.status}`;
      await this.failed(organizationId, job, attempt, started, 'failed', result.status, message);
      throw new PermanentFailure(`${integration.platform} refused ${job.action.kind}: ${message}`);
    }
    await this.tenant.run(organizationId, job.integrationId, async () => {
      await this.components.record(this.communication(job, attempt, started, 'succeeded', result.status, null));
      await this.integrations.recordCall(job.integrationId, { ok: true, at: new Date() });
      if (job.action.kind === 'linear.create_issue') {
        const issue = (result.body as any)?.data?.issueCreate?.issue;
        if (issue?.id)
          await this.mappings.insert({
            integrationId: job.integrationId,
            platform: 'linear',
            externalType: 'issue',
            externalId: String(issue.id),
            entityType: 'task',
            entityId: job.action.taskId,
            lastSentFingerprint: job.action.fingerprint,
            metadata: { identifier: issue.identifier },
          });
      }
    });
  }

  private async failed(
    organizationId: string,
    job: OutboundJob,
    attempt: number,
    started: number,
    status: CommunicationStatus,
    httpStatus: number | null,
    error: string,
  ) {
    await this.tenant
      .run(organizationId, job.integrationId, async () => {
        const integration = await this.integrations.find(job.integrationId);
        if (!integration) return;
        const next = afterFailure(integration.consecutiveFailures, new Date(), this.config.circuitCooldownMs);
        await this.integrations.recordCall(job.integrationId, { ok: false, at: new Date(), error: error.slice(0, 2000), ...next });
        await this.components.record(this.communication(job, attempt, started, status, httpStatus, error));
      })
      .catch((failure) => this.logger.error(failure, 'Recording a failed outbound call failed'));
  }

  private async record(
    organizationId: string,
    job: OutboundJob,
    attempt: number,
    started: number,
    status: CommunicationStatus,
    httpStatus: number | null,
    error: string,
  ) {
    await this.tenant.run(organizationId, job.integrationId, () =>
      this.components.record(this.communication(job, attempt, started, status, httpStatus, error)),
    );
  }

  private communication(job: OutboundJob, attempt: number, started: number, status: CommunicationStatus, httpStatus: number | null, error: string | null) {
    return {
      integrationId: job.integrationId,
      deliveryId: null,
      direction: 'outbound' as const,
      operation: job.action.kind,
      attempt: attempt + (job.deferrals ?? 0),
      timeoutMs: TIMEOUT_MS,
      status,
      httpStatus,
      durationMs: Date.now() - started,
      error: error?.slice(0, 2000) ?? null,
      correlationId: this.tenant.correlationId() ?? null,
    };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
