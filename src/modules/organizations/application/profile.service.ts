import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor, DomainError, NotFoundError } from '@switchyard/core';
import { Organization, User } from '../domain/organization';
import { OrganizationRepository } from './organization.repository';
import { UserPatch, UserRepository } from './user.repository';
import { ORGANIZATIONS } from '../domain/organizations.errors';

export interface Profile {
  actor: Actor;
  user: User | null;
  organization: Organization;
}

/** The caller: the user (or API key) and the organization the credential is scoped to. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly audit: AuditTrail,
  ) {}

  async get(actor: Actor): Promise<Profile> {
    const [user, organization] = await Promise.all([
      actor.type === 'user' ? this.users.findById(actor.id!) : Promise.resolve(undefined),
      this.organizations.findCurrent(),
    ]);
    if (!organization || (actor.type === 'user' && !user)) throw new NotFoundError(ORGANIZATIONS.ORGANIZATION_NOT_FOUND, 'Organization');
    return { actor, user: user ?? null, organization };
  }

  async update(actor: Actor, patch: UserPatch): Promise<Profile> {
    if (actor.type !== 'user') throw new DomainError(ORGANIZATIONS.USER_ONLY, 'Only a user can edit a profile; API keys have none');
    const before = await this.users.findById(actor.id!);
    const after = await this.users.update(actor.id!, patch);
    await this.audit.record({ action: 'update', entityType: 'user', entityId: actor.id, before, after });
    return this.get(actor);
  }
}
