import { Organization, OrganizationLimits, Tier } from '../domain/organization';

export interface NewOrganization {
  id: string;
  name: string;
  slug: string;
}

export interface OrganizationPatch {
  name?: string;
  tier?: Tier;
  settings?: Record<string, unknown>;
  features?: Record<string, boolean>;
  limits?: OrganizationLimits;
}

/** The current tenant's organization (RLS shows no other). */
export abstract class OrganizationRepository {
  /** Throws OrganizationSlugTakenError when another organization has the slug. */
  abstract create(organization: NewOrganization): Promise<Organization>;
  abstract findCurrent(): Promise<Organization | undefined>;
  /** Applies the patch when the stored version is `expectedVersion`; throws StaleVersionError otherwise. */
  abstract update(id: string, expectedVersion: number, patch: OrganizationPatch): Promise<Organization>;
  abstract delete(id: string): Promise<boolean>;
}
