import { ForbiddenRoleError, hasRole, Role } from '@switchyard/core';
import { LastOwnerError, OwnerOnlyError, RoleAboveOwnError, SelfPromotionError } from './organizations.errors';

/**
 * Who may change whose role. Admins manage people below owner; only owners touch the owner
 * role; nobody raises their own role (an owner may step down while another owner remains); the
 * last owner can be neither demoted nor removed (ownerCount is read under lock).
 */
export function assertCanChangeRole(actorRole: Role, current: Role, next: Role, ownerCount: number, changingSelf = false): void {
  if (changingSelf && !hasRole(current, next)) throw new SelfPromotionError(current, next);
  if ((current === 'owner' || next === 'owner') && actorRole !== 'owner') throw new OwnerOnlyError('grant or revoke the owner role');
  if (current === 'owner' && next !== 'owner' && ownerCount <= 1) throw new LastOwnerError();
}

export function assertCanRemove(actorRole: Role, removingSelf: boolean, current: Role, ownerCount: number): void {
  if (!removingSelf && !hasRole(actorRole, 'admin')) throw new ForbiddenRoleError('admin', actorRole);
  if (current === 'owner' && !removingSelf && actorRole !== 'owner') throw new OwnerOnlyError('remove an owner');
  if (current === 'owner' && ownerCount <= 1) throw new LastOwnerError();
}

/** Invitations and API keys can carry at most the granting actor's own role. */
export function assertCanGrant(actorRole: Role, granted: Role): void {
  if (!hasRole(actorRole, granted)) throw new RoleAboveOwnError(granted);
}
