import { Injectable } from '@nestjs/common';
import { RateLimitStorage } from '@switchyard/auth';
import { AttemptCounter, AttemptWindow } from '../../application/attempt-counter';

/** Attempt counters in the platform's rate-limit storage (Redis with REDIS_URL, memory otherwise). */
@Injectable()
export class RateLimitAttemptCounter extends AttemptCounter {
  constructor(private readonly storage: RateLimitStorage) {
    super();
  }

  async count(counter: string, key: string, limit: number, windowSeconds: number): Promise<AttemptWindow> {
    const windowMs = windowSeconds * 1000;
    const window = await this.storage.increment(key, windowMs, limit, windowMs, counter);
    return { count: window.totalHits, secondsLeft: window.timeToExpire };
  }

  takeBack(counter: string, key: string): Promise<void> {
    return this.storage.refund(key, counter);
  }
}
