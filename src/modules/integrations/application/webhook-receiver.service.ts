import { Injectable } from '@nestjs/common';
import { DomainError } from '@switchyard/core';
import { SecretBox } from '@switchyard/crypto';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { identify, keptHeaders } from '../domain/delivery';
import { INTEGRATIONS } from '../domain/integrations.errors';
import { Crypto, linearTimestampFresh, Platform, verifySignature } from '../domain/signatures';
import { DeliveryRepository } from './delivery.repository';
import { secretAad } from './integrations.service';
import { TenantContext, WebhookMetrics, WorkQueue } from './ports';

export const nodeCrypto: Crypto = {
  hmacHex(secret, parts) {
    const hmac = createHmac('sha256', secret);
    for (const part of parts) hmac.update(part);
    return hmac.digest('hex');
  },
  equal(a, b) {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    // Equal lengths for timingSafeEqual; a length mismatch still spends one comparison.
    if (left.length !== right.length) {
      timingSafeEqual(left, left);
      return false;
    }
    return timingSafeEqual(left, right);
  },
};

export interface WebhookRequest {
  platform: Platform;
  integrationId: string;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  body: Buffer;
}

export interface WebhookAnswer {
  /** What the sender reads: `deliveryId` and `duplicate`, Slack's challenge, or a slash command's immediate reply. */
  body: Record<string, unknown>;
  deliveryId?: string;
  duplicate?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The webhook edge: resolve the integration by id (no tenant yet), verify the signature over
 * the raw bytes with the current secret and, during a rotation's grace period, the previous one,
 * and only then parse. An accepted delivery is written with its dedup key and its processing job
 * in the request's transaction, scoped to the integration's organization, so a 2xx means both
 * are committed. Anything refused leaves nothing but a counter.
 */
@Injectable()
export class WebhookReceiver {
  constructor(
    private readonly tenant: TenantContext,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: WorkQueue,
    private readonly box: SecretBox,
    private readonly metrics: WebhookMetrics,
  ) {}

  async receive(request: WebhookRequest): Promise<WebhookAnswer> {
    const now = Date.now();
    const target = UUID.test(request.integrationId) ? await this.tenant.resolveWebhookTarget(request.integrationId) : undefined;
    if (!target || target.platform !== request.platform) return this.refuse(request.platform, 'unknown_integration');
    const secrets = [this.box.open(target.webhookSecretSealed, secretAad(request.integrationId, 'webhook'))];
    if (target.previousWebhookSecretSealed && target.previousSecretValidUntil && target.previousSecretValidUntil.getTime() > now)
      secrets.push(this.box.open(target.previousWebhookSecretSealed, secretAad(request.integrationId, 'webhook')));
    const headers = singleValued(request.headers);
    const verdict = verifySignature(request.platform, nodeCrypto, secrets, headers, request.body, now);
    if (!verdict.ok) return this.refuse(request.platform, verdict.reason);

    const body = parseBody(request.contentType, request.body);
    if (request.platform === 'linear' && !linearTimestampFresh(body.webhookTimestamp, now)) return this.refuse(request.platform, 'stale');
    if (request.platform === 'slack' && body.type === 'url_verification') return { body: { challenge: body.challenge } };

    const fingerprint = createHash('sha256').update(request.body).digest('hex');
    const { event, dedupKey } = identify(request.platform, headers, body, fingerprint);
    await this.tenant.enter(target.organizationId);
    const accepted = await this.deliveries.accept({
      id: randomUUID(),
      integrationId: request.integrationId,
      platform: request.platform,
      event,
      dedupKey,
      headers: keptHeaders(request.headers),
      body: request.body,
    });
    if (!accepted.duplicate) {
      await this.queue.enqueueDelivery({
        integrationId: request.integrationId,
        deliveryId: accepted.deliveryId,
        receivedAt: accepted.receivedAt.toISOString(),
      });
    }
    this.metrics.accepted(request.platform, accepted.duplicate);
    const answer: WebhookAnswer = {
      body: { deliveryId: accepted.deliveryId, duplicate: accepted.duplicate },
      deliveryId: accepted.deliveryId,
      duplicate: accepted.duplicate,
    };
    if (request.platform === 'slack' && typeof body.command === 'string') {
      // Slack shows this to the user at once (within its 3 s); the task is created by the worker,
      // which then answers through the command's response_url.
      answer.body = { response_type: 'ephemeral', text: `Creating a task: ${String(body.text ?? '').slice(0, 200) || '(no title)'}` };
    }
    return answer;
  }

  private refuse(platform: string, reason: string): never {
    this.metrics.rejected(platform, reason);
    throw new DomainError(INTEGRATIONS.SIGNATURE_INVALID, 'The webhook signature is missing, wrong or stale, or the integration is unknown');
  }
}

function singleValued(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The verified body: JSON, or a form (Slack slash commands and interactivity, GitHub's form-encoded `payload=`). */
export function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new DomainError(INTEGRATIONS.UNSUPPORTED_PAYLOAD, 'The webhook body is not valid UTF-8');
  }
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = Object.fromEntries(new URLSearchParams(text));
    if (typeof form.payload === 'string') return asObject(form.payload);
    return form;
  }
  return asObject(text);
}

function asObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError(INTEGRATIONS.UNSUPPORTED_PAYLOAD, 'The webhook body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DomainError(INTEGRATIONS.UNSUPPORTED_PAYLOAD, 'The webhook body is not a JSON object');
  return value as Record<string, unknown>;
}
