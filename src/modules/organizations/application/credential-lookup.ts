import { Role } from '@switchyard/core';

export interface LoginCandidate {
  userId: string;
  passwordHash: string;
  userStatus: 'active' | 'disabled';
  /** Undefined when the user belongs to no organization. */
  membership?: { organizationId: string; organizationSlug: string; role: Role };
}

export interface StoredRefreshToken {
  id: string;
  organizationId: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface StoredInvitation {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
}

/**
 * The lookups authentication makes before a tenant is known: narrow SECURITY DEFINER
 * functions in the database, never a general RLS bypass.
 */
export abstract class CredentialLookup {
  /** One entry per membership of the user with this email (one without membership if none); empty if no user. */
  abstract loginCandidates(email: string): Promise<LoginCandidate[]>;
  abstract refreshToken(tokenHash: Buffer): Promise<StoredRefreshToken | undefined>;
  abstract invitation(tokenHash: Buffer): Promise<StoredInvitation | undefined>;
}
