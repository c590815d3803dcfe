import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimitStorage, RateLimitWindow, ThrottlerStorageRecord } from './rate-limit.storage';

/**
 * Counters in Redis, shared by every replica: @nest-lab/throttler-storage-redis counts (one Lua
 * script: INCR, PEXPIRE on the first hit); `peek` and `reset` read and delete the same key.
 * While Redis is unreachable the limits fail open (requests pass, a warning is logged once per
 * outage): a rate limit must not take the API down with it.
 */
const CONNECT_TIMEOUT_MS = 2_000;

export class RedisRateLimitStorage extends RateLimitStorage implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisRateLimitStorage.name);
  private readonly counter: ThrottlerStorageRedisService;
  private readonly redis: Redis;
  private outage = false;

  constructor(url: string, keyPrefix: string) {
    super();
    this.redis = new Redis(url, {
      keyPrefix,
      // Fail fast instead of queueing requests behind a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    this.redis.on('error', (error: Error) => this.down(error));
    this.redis.on('ready', () => {
      if (this.outage) this.logger.log('Redis reachable again: rate limits shared again');
      this.outage = false;
    });
    this.counter = new ThrottlerStorageRedisService(this.redis);
  }

  /** Resolves once connected, or after the connect timeout (the limits then fail open until Redis is there). */
  async connected(): Promise<this> {
    if (this.redis.status === 'ready') return this;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
      this.redis.once('ready', done);
    });
    return this;
  }

  async increment(key: string, ttlMs: number, limit: number, blockDurationMs: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.counter.increment(key, ttlMs, limit, blockDurationMs, throttlerName);
    } catch (error) {
      this.down(error as Error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async refund(key: string, throttlerName: string): Promise<void> {
    await this.redis.eval(REFUND_SCRIPT, 1, hitKey(key, throttlerName)).catch((error: Error) => this.down(error));
  }

  async peek(key: string, throttlerName: string): Promise<RateLimitWindow | undefined> {
    try {
      const [[, hits], [, pttl]] = (await this.redis.multi().get(hitKey(key, throttlerName)).pttl(hitKey(key, throttlerName)).exec()) as [
        [unknown, string | null],
        [unknown, number],
      ];
      if (hits === null || pttl <= 0) return undefined;
      return { totalHits: Number(hits), timeToExpire: Math.ceil(pttl / 1000) };
    } catch (error) {
      this.down(error as Error);
      return undefined;
    }
  }

  async reset(key: string, throttlerName: string): Promise<void> {
    await this.redis.del(hitKey(key, throttlerName), blockKey(key, throttlerName)).catch((error: Error) => this.down(error));
  }

  /**
   * Last, after the HTTP server has drained: requests still in flight on SIGTERM keep counting
   * (Nest destroys modules before it closes the server, so onModuleDestroy would be too early).
   */
  onApplicationShutdown(): void {
    this.redis.disconnect(false);
  }

  private down(error: Error): void {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn({ err: error }, 'Redis unreachable: rate limits fail open until it is back');
  }
}

// DECR keeps the key's expiry; the check keeps a window that ended (key gone) from restarting at -1.
const REFUND_SCRIPT = "if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end return 0";

// The key names @nest-lab/throttler-storage-redis 1.2 gives a counter (its Lua script's KEYS).
const hitKey = (key: string, name: string) => `{${key}:${name}}:hits`;
const blockKey = (key: string, name: string) => `{${key}:${name}}:blocked`;
