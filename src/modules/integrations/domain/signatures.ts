/**
 * Webhook signature checks, over the raw body, for each platform (pure: the HMAC function is
 * handed in, so this file reaches no Node module and stays testable with the official vectors).
 *
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`.
 * - Linear: `Linear-Signature: <hex HMAC-SHA256(secret, body)>`, and the body's `webhookTimestamp`
 *   (ms) within 60 s of now (checked by the caller once the verified body is parsed).
 * - Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + body)>`,
 *   the timestamp (s) within 5 minutes of now.
 */
export type Platform = 'github' | 'linear' | 'slack';
export const PLATFORMS = ['github', 'linear', 'slack'] as const satisfies readonly Platform[];

export interface Crypto {
  /** Hex HMAC-SHA256 of the parts, concatenated. */
  hmacHex(secret: string, parts: Array<string | Uint8Array>): string;
  /** Constant-time equality of two strings (false when lengths differ). */
  equal(a: string, b: string): boolean;
}

export const LINEAR_WINDOW_MS = 60_000;
export const SLACK_WINDOW_S = 300;

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing' | 'mismatch' | 'stale' };

/** Header names are lower-case (Node's). */
export function verifySignature(
  platform: Platform,
  crypto: Crypto,
  secrets: string[],
  headers: Record<string, string | undefined>,
  body: Uint8Array,
  nowMs: number,
): SignatureVerdict {
  let given: string | undefined;
  let expected: (secret: string) => string;
  switch (platform) {
    case 'github': {
      given = headers['x-hub-signature-256'];
      expected = (secret) => `sha256=${crypto.hmacHex(secret, [body])}`;
      break;
    }
    case 'linear': {
      given = headers['linear-signature'];
      expected = (secret) => crypto.hmacHex(secret, [body]);
      break;
    }
    case 'slack': {
      given = headers['x-slack-signature'];
      const timestamp = headers['x-slack-request-timestamp'];
      if (!given || !timestamp) return { ok: false, reason: 'missing' };
      if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
      if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_WINDOW_S) return { ok: false, reason: 'stale' };
      expected = (secret) => `v0=${crypto.hmacHex(secret, [`v0:${timestamp}:`, body])}`;
      break;
    }
  }
  if (!given) return { ok: false, reason: 'missing' };
  // Every secret is compared (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const secret of secrets) matched = crypto.equal(expected(secret), given) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** Linear's replay window: `webhookTimestamp` (ms) in the verified body within 60 s of now. */
export function linearTimestampFresh(webhookTimestamp: unknown, nowMs: number): boolean {
  return typeof webhookTimestamp === 'number' && Math.abs(nowMs - webhookTimestamp) <= LINEAR_WINDOW_MS;
}
