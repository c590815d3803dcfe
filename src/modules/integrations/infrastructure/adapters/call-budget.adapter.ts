import { Injectable } from '@nestjs/common';
import { RateLimitStorage } from '@switchyard/auth';
import { CallBudget } from '../../application/ports';

const WINDOW_MS = 60_000;

/** Per-integration fixed one-minute windows in the platform's rate-limit storage (Redis across replicas when REDIS_URL is set). */
@Injectable()
export class CallBudgetAdapter extends CallBudget {
  constructor(private readonly storage: RateLimitStorage) {
    super();
  }

  async take(integrationId: string, perMinute: number): Promise<number> {
    const record = await this.storage.increment(`integration:${integrationId}`, WINDOW_MS, perMinute, 0, 'integration-calls');
    if (record.totalHits <= perMinute) return 0;
    await this.storage.refund(`integration:${integrationId}`, 'integration-calls');
    return Math.max(1000, record.timeToExpire * 1000);
  }
}
