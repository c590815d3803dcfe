import { Inject, Injectable } from '@nestjs/common';
import { ConfigType, rateLimitConfig } from '@switchyard/config';
import { RateLimitedError } from './auth.errors';
import { RateLimitStorage } from './rate-limit';

const MINUTE = 60_000;

/**
 * The per-API-key and per-organization request budgets: one fixed window a minute; the request
 * over the limit is refused until the window ends. The key's own limit is counted first (in the
 * guard), so a runaway key that is refused does not also spend its organization's budget and
 * lock out everyone else in it.
 */
@Injectable()
export class RateLimits {
  constructor(
    private readonly storage: RateLimitStorage,
    @Inject(rateLimitConfig.KEY) private readonly config: ConfigType<typeof rateLimitConfig>,
  ) {}

  countApiKey(keyId: string): Promise<void> {
    return this.count('API key', keyId, this.config.perApiKeyPerMinute);
  }

  countOrganization(organizationId: string): Promise<void> {
    return this.count('organization', organizationId, this.config.perOrganizationPerMinute);
  }

  private async count(scope: 'API key' | 'organization', id: string, limit: number): Promise<void> {
    const window = await this.storage.increment(id, MINUTE, limit, MINUTE, scope === 'API key' ? 'key' : 'org');
    if (window.totalHits > limit) throw new RateLimitedError(scope, Math.max(1, window.timeToExpire));
  }
}
