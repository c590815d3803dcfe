import { AUTH } from './auth.errors';
import { DomainError } from './domain-error';

/** Roles in decreasing power. Each role can do everything the roles after it can. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least as powerful as `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

/** Lacking a role: thrown by the guard (`@Roles`) and by domain rules that depend on the caller's role. */
export class ForbiddenRoleError extends DomainError {
  constructor(required: string, actual: string) {
    super(AUTH.ROLE_REQUIRED, `This action needs role "${required}" or higher; you have "${actual}"`, {
      requiredRole: required,
      role: actual,
    });
  }
}
