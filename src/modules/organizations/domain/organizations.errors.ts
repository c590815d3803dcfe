import { DomainError } from '@switchyard/core';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'Email or password is wrong');
  }
}

export class RefreshTokenInvalidError extends DomainError {
  constructor(reason: 'unknown' | 'expired' | 'revoked') {
    super('unauthenticated', 'AUTH.REFRESH_TOKEN_INVALID', `The refresh token is ${reason}; log in again`);
  }
}

/** A rotated refresh token came back: the whole family is revoked, and that must be kept. */
export class RefreshTokenReusedError extends DomainError {
  override readonly commitChanges = true;
  constructor() {
    super('unauthenticated', 'AUTH.REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of this login has been revoked');
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super('conflict', 'AUTH.EMAIL_TAKEN', 'A user with this email already exists; log in instead, or accept an invitation to join another organization');
  }
}

export class NoOrganizationError extends DomainError {
  constructor(requested?: string) {
    super(
      'forbidden',
      'AUTH.NO_ORGANIZATION',
      requested ? `You are not a member of organization "${requested}"` : 'You are not a member of any organization',
    );
  }
}

export class UserDisabledError extends DomainError {
  constructor() {
    super('forbidden', 'AUTH.USER_DISABLED', 'This user is disabled');
  }
}

export class LastOwnerError extends DomainError {
  constructor() {
    super('conflict', 'MEMBERS.LAST_OWNER', 'An organization must keep at least one owner; make someone else owner first');
  }
}

export class OwnerOnlyError extends DomainError {
  constructor(action: string) {
    super('forbidden', 'MEMBERS.OWNER_ONLY', `Only an owner can ${action}`);
  }
}

export class RoleAboveOwnError extends DomainError {
  constructor(role: string) {
    super('forbidden', 'AUTH.ROLE_ABOVE_OWN', `You cannot grant the role "${role}", which is above your own`);
  }
}

export class InvitationUnusableError extends DomainError {
  constructor(reason: 'expired' | 'accepted') {
    super(reason === 'expired' ? 'unprocessable' : 'conflict', `INVITATIONS.${reason.toUpperCase()}`, `This invitation has ${reason === 'expired' ? 'expired' : 'already been accepted'}`);
  }
}

export class AlreadyMemberError extends DomainError {
  constructor() {
    super('conflict', 'MEMBERS.ALREADY_MEMBER', 'This user is already a member of the organization');
  }
}

export class ConfirmationMismatchError extends DomainError {
  constructor() {
    super('unprocessable', 'ORGANIZATION.CONFIRMATION_MISMATCH', 'To delete the organization, pass its slug as `confirm`');
  }
}
