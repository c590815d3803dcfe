import { Platform } from './signatures';

/** Processing states of an accepted delivery. */
export const DELIVERY_STATUSES = ['queued', 'processing', 'processed', 'ignored', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  integrationId: string;
  platform: Platform;
  event: string;
  dedupKey: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  outcome: Record<string, unknown> | null;
  receivedAt: Date;
  processedAt: Date | null;
}

/** What a verified request is: its event name and the key that makes a retry a duplicate. */
export interface DeliveryIdentity {
  event: string;
  dedupKey: string;
}

/** The headers kept with a delivery: the platform's own, never cookies or authorization. */
const KEPT_HEADER = /^(x-github-|x-hub-signature|linear-|x-slack-|content-type$|user-agent$)/;

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !KEPT_HEADER.test(name)) continue;
    kept[name] = storable((Array.isArray(value) ? value.join(', ') : value).slice(0, 1000));
  }
  return kept;
}

/**
 * A text PostgreSQL can store: U+0000 (which neither text nor jsonb holds) becomes U+FFFD. A signed
 * body is the platform's and never refused for it, but its event name and dedup key are columns:
 * left as they were, a `\u0000` in an `action` or an `event_id` failed the insert with a 500.
 */
export function storable(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}

/**
 * The event and dedup key of a verified delivery:
 * - GitHub: `X-GitHub-Event` (+ `.action`), dedup on `X-GitHub-Delivery` (a manual redelivery reuses it);
 * - Linear: `<type>.<action>` from the body, dedup on the `Linear-Delivery` header, else the body's fingerprint;
 * - Slack: Events API `event_callback` by `event_id` (retries carry x-slack-retry-num and the same id),
 *   slash commands by `trigger_id`, interactivity by its payload's `trigger_id`.
 * `fingerprint` is the body's hash, the key of last resort.
 */
export function identify(
  platform: Platform,
  headers: Record<string, string | undefined>,
  body: Record<string, unknown>,
  fingerprint: string,
): DeliveryIdentity {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? storable(value.slice(0, 200)) : undefined);
  switch (platform) {
    case 'github': {
      const name = text(headers['x-github-event']) ?? 'unknown';
      const action = text(body.action);
      return { event: action ? `${name}.${action}` : name, dedupKey: text(headers['x-github-delivery']) ?? `sha256:${fingerprint}` };
    }
    case 'linear': {
      const type = text(body.type) ?? 'unknown';
      const action = text(body.action);
      return { event: action ? `${type}.${action}` : type, dedupKey: text(headers['linear-delivery']) ?? `sha256:${fingerprint}` };
    }
    case 'slack': {
      if (text(body.command)) return { event: `command${text(body.command)}`, dedupKey: text(body.trigger_id) ?? `sha256:${fingerprint}` };
      const inner = body.event as Record<string, unknown> | undefined;
      const type = text(body.type) ?? 'unknown';
      const event = type === 'event_callback' && inner ? `event.${text(inner.type) ?? 'unknown'}` : type;
      return { event, dedupKey: text(body.event_id) ?? text(body.trigger_id) ?? `sha256:${fingerprint}` };
    }
  }
}

/** Task keys written like `PAY-42` in a text (pull request title, body, branch name). */
export function taskKeysIn(...texts: Array<string | null | undefined>): Array<{ prefix: string; number: number }> {
  const found = new Map<string, { prefix: string; number: number }>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.matchAll(/\b([A-Za-z][A-Za-z0-9]{0,9})-(\d{1,9})\b/g)) {
      const prefix = match[1].toUpperCase();
      const number = Number(match[2]);
      found.set(`${prefix}-${number}`, { prefix, number });
    }
  }
  return [...found.values()];
}
