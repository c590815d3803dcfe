import { Injectable } from '@nestjs/common';

export interface RateLimitState {
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * Port for counting requests in fixed windows. The in-memory adapter below is exact for one
 * replica; behind several replicas each keeps its own count (limits then apply per replica),
 * so a shared store (Redis) can replace it by providing another RateLimitStore.
 */
export abstract class RateLimitStore {
  abstract hit(key: string, windowMs: number): RateLimitState;
  abstract peek(key: string): RateLimitState | undefined;
  abstract reset(key: string): void;
}

@Injectable()
export class InMemoryRateLimitStore extends RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  hit(key: string, windowMs: number): RateLimitState {
    const now = Date.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  peek(key: string): RateLimitState | undefined {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return undefined;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Drops finished windows now and then, so memory follows the number of active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
