import { Injectable } from '@nestjs/common';
import { RateLimitStorage, RateLimitWindow, ThrottlerStorageRecord } from './rate-limit.storage';

/**
 * One replica's counters, used when REDIS_URL is unset. The same fixed windows as the Redis
 * script (count, expire the window `ttl` after its first hit), so both stores answer alike.
 * @nestjs/throttler's own in-memory storage is not used: it arms a timer per hit, never forgets
 * a key (login keys are chosen by callers) and cannot reset one.
 */
@Injectable()
export class MemoryRateLimitStorage extends RateLimitStorage {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private lastSweep = Date.now();

  increment(key: string, ttlMs: number, limit: number, _blockDurationMs: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweep(now);
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttlMs };
      this.windows.set(id, window);
    }
    window.hits += 1;
    const timeToExpire = Math.ceil((window.endsAt - now) / 1000);
    const isBlocked = window.hits > limit;
    return Promise.resolve({ totalHits: window.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 });
  }

  refund(key: string, throttlerName: string): Promise<void> {
    const window = this.windows.get(`${throttlerName}:${key}`);
    if (window && window.endsAt > Date.now() && window.hits > 0) window.hits -= 1;
    return Promise.resolve();
  }

  peek(key: string, throttlerName: string): Promise<RateLimitWindow | undefined> {
    const now = Date.now();
    const window = this.windows.get(`${throttlerName}:${key}`);
    if (!window || window.endsAt <= now) return Promise.resolve(undefined);
    return Promise.resolve({ totalHits: window.hits, timeToExpire: Math.ceil((window.endsAt - now) / 1000) });
  }

  reset(key: string, throttlerName: string): Promise<void> {
    this.windows.delete(`${throttlerName}:${key}`);
    return Promise.resolve();
  }

  /** Drops finished windows now and then, so memory follows the number of active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, window] of this.windows) if (window.endsAt <= now) this.windows.delete(id);
  }
}
