import { Injectable } from '@nestjs/common';
import { formatApiKey, hashToken, randomToken } from '@switchyard/auth';
import { AuditTrail } from '@switchyard/audit';
import { Actor, DomainError, hasRole, NotFoundError, Page, Role } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { assertCanGrant } from '../domain/membership-rules';
import { ApiKey, ApiKeyRepository } from './api-key.repository';
import { MembershipRepository } from './membership.repository';
import { ORGANIZATIONS } from '../domain/organizations.errors';

/**
 * API keys never outlive the authority of who made them: each records its creator (a key made by
 * another key records that key's creator), carries at most the creator's role, and is revoked
 * when the creator leaves or drops below it, unless an owner hands it to someone else first.
 * Every request checks the creator again (auth_enter), so a disabled creator stops their keys too.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Returns the key with its secret: the only time the secret is ever shown. */
  async create(actor: Actor, name: string, role: Role, expiresAt?: Date): Promise<ApiKey & { key: string }> {
    assertCanGrant(actor.role, role);
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new DomainError(ORGANIZATIONS.API_KEY_EXPIRY_IN_PAST, 'expiresAt must be in the future');
    }
    const id = randomUUID();
    const secret = randomToken();
    const created = await this.keys.create({
      id,
      organizationId: actor.organizationId,
      name,
      role,
      secretHash: hashToken(secret),
      createdBy: await this.authorityOf(actor),
      expiresAt: expiresAt ?? null,
    });
    await this.audit.record({ action: 'create', entityType: 'api_key', entityId: id, after: created });
    return { ...created, key: formatApiKey(id, secret) };
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<ApiKey>> {
    return this.keys.list(query);
  }

  async revoke(id: string): Promise<void> {
    const key = await this.find(id);
    await this.keys.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'api_key', entityId: id, before: key });
  }

  /** An owner hands a key to another member, whose role must cover the key's. */
  async reassign(id: string, userId: string): Promise<ApiKey> {
    const key = await this.find(id);
    const member = await this.memberships.find(userId);
    if (!member || !hasRole(member.role, key.role)) {
      throw new DomainError(ORGANIZATIONS.API_KEY_CREATOR_UNFIT, `The new creator must be a member with role "${key.role}" or higher`, { role: key.role });
    }
    const after = await this.keys.reassign(id, userId);
    await this.audit.record({ action: 'update', entityType: 'api_key', entityId: id, before: { createdBy: key.createdBy }, after: { createdBy: userId } });
    return after;
  }

  /**
   * Revokes the keys `userId` created that their role no longer covers (`role` undefined: they
   * left, so all of them). Each revocation is audited with its reason.
   */
  async revokeBeyondAuthority(userId: string, role: Role | undefined, reason: string): Promise<void> {
    const revoked = (await this.keys.createdBy(userId)).filter((key) => !role || !hasRole(role, key.role));
    for (const key of revoked) await this.keys.delete(key.id);
    await this.audit.recordMany(
      revoked.map((key) => ({ action: 'delete', entityType: 'api_key', entityId: key.id, before: { ...key, revokedBecause: reason } })),
    );
  }

  private async find(id: string): Promise<ApiKey> {
    const key = await this.keys.findById(id);
    if (!key) throw new NotFoundError(ORGANIZATIONS.API_KEY_NOT_FOUND, 'API key', id);
    return key;
  }

  /** The user whose authority a new key carries: the caller, or the creator of the calling key. */
  private async authorityOf(actor: Actor): Promise<string | null> {
    if (actor.type === 'user') return actor.id!;
    if (actor.type === 'api_key') return (await this.keys.findById(actor.id!))?.createdBy ?? null;
    return null;
  }
}
