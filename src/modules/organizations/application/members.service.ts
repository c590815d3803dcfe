import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor, NotFoundError, Page, Role } from '@switchyard/core';
import { assertCanChangeRole, assertCanRemove } from '../domain/membership-rules';
import { Member } from '../domain/organization';
import { MemberListQuery, MembershipRepository } from './membership.repository';
import { ApiKeysService } from './api-keys.service';
import { RefreshTokenRepository } from './refresh-token.repository';
import { ORGANIZATIONS } from '../domain/organizations.errors';

@Injectable()
export class MembersService {
  constructor(
    private readonly memberships: MembershipRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditTrail,
  ) {}

  list(query: MemberListQuery): Promise<Page<Member>> {
    return this.memberships.list(query);
  }

  async get(userId: string): Promise<Member> {
    const member = await this.memberships.find(userId);
    if (!member) throw new NotFoundError(ORGANIZATIONS.MEMBER_NOT_FOUND, 'Member', userId);
    return member;
  }

  async changeRole(actor: Actor, userId: string, role: Role): Promise<Member> {
    const ownerCount = await this.memberships.lockOwners();
    const before = await this.get(userId);
    if (before.role === role) return before;
    assertCanChangeRole(actor.role, before.role, role, ownerCount, actor.type === 'user' && actor.id === userId);
    const after = await this.memberships.changeRole(userId, role);
    await this.audit.record({ action: 'update', entityType: 'membership', entityId: userId, before: { role: before.role }, after: { role } });
    // The new role applies from their next request (read live); keys above it go now.
    await this.apiKeys.revokeBeyondAuthority(userId, role, `creator demoted to ${role}`);
    return after;
  }

  async remove(actor: Actor, userId: string): Promise<void> {
    const ownerCount = await this.memberships.lockOwners();
    const member = await this.get(userId);
    assertCanRemove(actor.role, actor.type === 'user' && actor.id === userId, member.role, ownerCount);
    await this.memberships.remove(userId);
    // Their sessions in this organization end now, access tokens included (checked live), and so
    // do the keys they created that an owner has not handed to someone else.
    await this.refreshTokens.revokeAllOfUser(userId);
    await this.audit.record({ action: 'delete', entityType: 'membership', entityId: userId, before: { userId, email: member.email, role: member.role } });
    await this.apiKeys.revokeBeyondAuthority(userId, undefined, 'creator removed');
  }
}
