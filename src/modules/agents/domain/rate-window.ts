/**
 * Provider limits as sliding windows: at most `limit` grants in any `windowMs`. The database
 * keeps the grants of each window per provider account (provider-account.sql.ts) so every
 * replica shares them; this is the same rule in plain TypeScript, for the fake and the specs.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export type Grant = { granted: true; grants: number[] } | { granted: false; waitMs: number; grants: number[] };

export function take(grants: readonly number[], window: RateWindow, now: number): Grant {
  const live = grants.filter((at) => at > now - window.windowMs).sort((a, b) => a - b);
  if (live.length < window.limit) return { granted: true, grants: [...live, now] };
  const waitMs = live[live.length - window.limit] + window.windowMs - now;
  return { granted: false, waitMs: Math.max(1, waitMs), grants: live };
}

/** Circuit breaker: after `threshold` consecutive failures the account is left alone for `cooldownMs`. */
export interface CircuitPolicy {
  threshold: number;
  cooldownMs: number;
}

export function afterFailure(consecutiveFailures: number, policy: CircuitPolicy, now: number): { failures: number; openUntil: number | null } {
  const failures = consecutiveFailures + 1;
  return { failures, openUntil: failures >= policy.threshold ? now + policy.cooldownMs : null };
}
