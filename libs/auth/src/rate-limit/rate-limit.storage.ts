import type { ThrottlerStorage } from '@nestjs/throttler';

/** What @nestjs/throttler's storage answers (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A counting window as it stands, without counting. */
export interface RateLimitWindow {
  totalHits: number;
  /** Seconds until the window ends, rounded up. */
  timeToExpire: number;
}

/**
 * Fixed-window counters shared by every replica when REDIS_URL is set (in process otherwise).
 * `increment` is @nestjs/throttler's storage contract; `refund`, `peek` and `reset` are what
 * attempt budgets (password checks, sign-ups) need besides: count first, atomically, then give
 * back the hit of an attempt that turned out not to spend the budget.
 * The caller decides from `totalHits` against its limit; a refused request still counts, so a
 * caller who keeps hammering stays refused until the window ends.
 */
export abstract class RateLimitStorage implements ThrottlerStorage {
  abstract increment(key: string, ttlMs: number, limit: number, blockDurationMs: number, throttlerName: string): Promise<ThrottlerStorageRecord>;
  /** Takes back one hit of the current window (never below zero; nothing once the window ended). */
  abstract refund(key: string, throttlerName: string): Promise<void>;
  abstract peek(key: string, throttlerName: string): Promise<RateLimitWindow | undefined>;
  abstract reset(key: string, throttlerName: string): Promise<void>;
}
