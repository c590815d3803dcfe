import { Injectable } from '@nestjs/common';
import { formatApiKey, hashToken, randomToken } from '@switchyard/auth';
import { AuditTrail } from '@switchyard/audit';
import { Actor, DomainError, NotFoundError, Page, Role } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { assertCanGrant } from '../domain/membership-rules';
import { ApiKey, ApiKeyRepository } from './api-key.repository';
import { ORGANIZATIONS } from '../domain/organizations.errors';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeyRepository,
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
      createdBy: actor.type === 'user' ? actor.id! : null,
      expiresAt: expiresAt ?? null,
    });
    await this.audit.record({ action: 'create', entityType: 'api_key', entityId: id, after: created });
    return { ...created, key: formatApiKey(id, secret) };
  }

  list(query: { limit: number; cursor?: string }): Promise<Page<ApiKey>> {
    return this.keys.list(query);
  }

  async revoke(id: string): Promise<void> {
    const key = await this.keys.findById(id);
    if (!key) throw new NotFoundError(ORGANIZATIONS.API_KEY_NOT_FOUND, 'API key', id);
    await this.keys.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'api_key', entityId: id, before: key });
  }
}
