import { AUTH, DomainError, errorCatalogue } from '@switchyard/core';

/** Every code the organizations module answers, besides the platform's AUTH and COMMON ones. */
export const ORGANIZATIONS = errorCatalogue('ORGANIZATIONS', {
  ORGANIZATION_NOT_FOUND: { kind: 'not_found', title: 'The organization was not found' },
  USER_NOT_FOUND: { kind: 'not_found', title: 'The user was not found' },
  MEMBER_NOT_FOUND: { kind: 'not_found', title: 'No member with this user id in the organization' },
  INVITATION_NOT_FOUND: { kind: 'not_found', title: 'The invitation was not found' },
  API_KEY_NOT_FOUND: { kind: 'not_found', title: 'The API key was not found' },
  LAST_OWNER: { kind: 'conflict', title: 'An organization must keep at least one owner' },
  OWNER_ONLY: { kind: 'forbidden', title: 'Only an owner may do this' },
  ALREADY_MEMBER: { kind: 'conflict', title: 'The user is already a member' },
  INVITATION_PENDING: { kind: 'conflict', title: 'The email already has a pending invitation' },
  SLUG_TAKEN: { kind: 'conflict', title: 'The organization slug is already used' },
  INVITATION_EXPIRED: { kind: 'unprocessable', title: 'The invitation has expired' },
  INVITATION_ACCEPTED: { kind: 'conflict', title: 'The invitation was already accepted' },
  CONFIRMATION_MISMATCH: { kind: 'unprocessable', title: 'Deleting an organization needs its slug as confirmation' },
  API_KEY_EXPIRY_IN_PAST: { kind: 'unprocessable', title: 'An API key must expire in the future' },
  USER_ONLY: { kind: 'forbidden', title: 'Only a user (not an API key) can do this' },
  API_KEY_CREATOR_UNFIT: { kind: 'unprocessable', title: "An API key's creator must be a member whose role is at least the key's" },
});

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(AUTH.INVALID_CREDENTIALS, 'Email or password is wrong');
  }
}

/** A password-attempt or sign-up budget is spent (the same code and shape as the platform's rate limits). */
export class AttemptsExhaustedError extends DomainError {
  constructor(scope: 'account' | 'address', retryAfterSeconds: number) {
    const whose = scope === 'account' ? 'for this account' : 'from this address';
    super(AUTH.RATE_LIMITED, `Too many attempts ${whose}; retry in ${retryAfterSeconds} s`, { scope, retryAfterSeconds });
  }
}

export class RefreshTokenInvalidError extends DomainError {
  constructor(reason: 'unknown' | 'expired' | 'revoked') {
    super(AUTH.REFRESH_TOKEN_INVALID, `The refresh token is ${reason}; log in again`);
  }
}

/** A rotated refresh token came back: the whole family is revoked, and that must be kept. */
export class RefreshTokenReusedError extends DomainError {
  override readonly commitChanges = true;
  constructor() {
    super(AUTH.REFRESH_TOKEN_REUSED, 'This refresh token was already used; every session of this login has been revoked');
  }
}

export class EmailTakenError extends DomainError {
  constructor() {
    super(AUTH.EMAIL_TAKEN, 'A user with this email already exists; log in instead, or accept an invitation to join another organization');
  }
}

export class NoOrganizationError extends DomainError {
  constructor(requested?: string) {
    super(AUTH.NO_ORGANIZATION, requested ? `You are not a member of organization "${requested}"` : 'You are not a member of any organization');
  }
}

export class UserDisabledError extends DomainError {
  constructor() {
    super(AUTH.USER_DISABLED, 'This user is disabled');
  }
}

export class RoleAboveOwnError extends DomainError {
  constructor(role: string) {
    super(AUTH.ROLE_ABOVE_OWN, `You cannot grant the role "${role}", which is above your own`);
  }
}

export class SelfPromotionError extends DomainError {
  constructor(current: string, requested: string) {
    super(AUTH.SELF_PROMOTION, `You cannot raise your own role from "${current}" to "${requested}"; another member must do it`, {
      role: current,
      requestedRole: requested,
    });
  }
}

export class LastOwnerError extends DomainError {
  constructor() {
    super(ORGANIZATIONS.LAST_OWNER, 'An organization must keep at least one owner; make someone else owner first');
  }
}

export class OwnerOnlyError extends DomainError {
  constructor(action: string) {
    super(ORGANIZATIONS.OWNER_ONLY, `Only an owner can ${action}`);
  }
}

export class InvitationUnusableError extends DomainError {
  constructor(reason: 'expired' | 'accepted') {
    super(
      reason === 'expired' ? ORGANIZATIONS.INVITATION_EXPIRED : ORGANIZATIONS.INVITATION_ACCEPTED,
      `This invitation has ${reason === 'expired' ? 'expired' : 'already been accepted'}`,
    );
  }
}

export class AlreadyMemberError extends DomainError {
  constructor() {
    super(ORGANIZATIONS.ALREADY_MEMBER, 'This user is already a member of the organization');
  }
}

export class ConfirmationMismatchError extends DomainError {
  constructor() {
    super(ORGANIZATIONS.CONFIRMATION_MISMATCH, 'To delete the organization, pass its slug as `confirm`');
  }
}

export class InvitationPendingError extends DomainError {
  constructor(email: string) {
    super(ORGANIZATIONS.INVITATION_PENDING, `${email} already has a pending invitation; revoke it first to send a new one`);
  }
}

/** Slugs are unique across organizations (they name the organization at login). */
export class OrganizationSlugTakenError extends DomainError {
  constructor(slug: string) {
    super(ORGANIZATIONS.SLUG_TAKEN, `An organization with the slug "${slug}" already exists; choose another slug`, { slug }, [
      { field: 'organizationSlug', message: 'is already used by another organization' },
    ]);
  }
}
