import { Page, Role } from '@switchyard/core';
import { Member } from '../domain/organization';

export interface MemberListQuery {
  limit: number;
  cursor?: string;
  role?: Role;
}

/** Memberships of the current organization. */
export abstract class MembershipRepository {
  abstract add(organizationId: string, userId: string, role: Role): Promise<void>;
  abstract list(query: MemberListQuery): Promise<Page<Member>>;
  abstract find(userId: string): Promise<Member | undefined>;
  /** Locks the owners' rows until the transaction ends and counts them: the last-owner rule reads this. */
  abstract lockOwners(): Promise<number>;
  abstract changeRole(userId: string, role: Role): Promise<Member>;
  abstract remove(userId: string): Promise<void>;
}
