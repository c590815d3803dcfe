import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor, NotFoundError } from '@switchyard/core';
import { ConfirmationMismatchError, ORGANIZATIONS, OwnerOnlyError } from '../domain/organizations.errors';
import { Organization } from '../domain/organization';
import { OrganizationPatch, OrganizationRepository } from './organization.repository';

@Injectable()
export class OrganizationService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly audit: AuditTrail,
  ) {}

  async current(): Promise<Organization> {
    const organization = await this.organizations.findCurrent();
    if (!organization) throw new NotFoundError(ORGANIZATIONS.ORGANIZATION_NOT_FOUND, 'Organization');
    return organization;
  }

  async update(actor: Actor, expectedVersion: number, patch: OrganizationPatch): Promise<Organization> {
    if (patch.tier !== undefined && actor.role !== 'owner') throw new OwnerOnlyError('change the tier');
    const before = await this.current();
    const after = await this.organizations.update(before.id, expectedVersion, patch);
    await this.audit.record({ action: 'update', entityType: 'organization', entityId: after.id, before, after });
    return after;
  }

  /** Removes the organization and, by cascade, every record it owns. */
  async delete(confirmSlug: string): Promise<void> {
    const organization = await this.current();
    if (confirmSlug !== organization.slug) throw new ConfirmationMismatchError();
    await this.organizations.delete(organization.id);
  }

  /** For other modules: whether a feature flag is on for the current organization. */
  async featureEnabled(flag: string): Promise<boolean> {
    return (await this.current()).features[flag] === true;
  }
}
