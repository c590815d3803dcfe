import { Injectable } from '@nestjs/common';
import { Role } from '@switchyard/core';
import { ApiKeyRepository } from './api-key.repository';
import { MembershipRepository } from './membership.repository';

/**
 * The role a user or an API key holds in the current organization now, read from the live rows:
 * for work that runs later on someone's behalf (a queued import), which must not act with the
 * role its author had when it was queued. Undefined when they hold none any more (removed,
 * revoked, expired).
 */
@Injectable()
export class CurrentAuthority {
  constructor(
    private readonly memberships: MembershipRepository,
    private readonly apiKeys: ApiKeyRepository,
  ) {}

  async roleOf(principal: { type: string; id: string | null }): Promise<Role | undefined> {
    if (!principal.id) return undefined;
    if (principal.type === 'user') return (await this.memberships.find(principal.id))?.role;
    if (principal.type === 'api_key') {
      const key = await this.apiKeys.findById(principal.id);
      return key && (!key.expiresAt || key.expiresAt.getTime() > Date.now()) ? key.role : undefined;
    }
    return undefined;
  }
}
