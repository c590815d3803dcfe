import { Injectable } from '@nestjs/common';
import { Role } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { CredentialLookup, LoginCandidate, StoredInvitation, StoredRefreshToken } from '../../application/credential-lookup';
import {
  INVITATION_BY_HASH_SQL,
  InvitationRow,
  LOGIN_CANDIDATES_SQL,
  LoginCandidateRow,
  REFRESH_TOKEN_BY_HASH_SQL,
  RefreshTokenRow,
} from './credential-lookup.sql';

/** Credential lookups through the SECURITY DEFINER auth functions, within the caller's transaction. */
@Injectable()
export class AuthFunctionsCredentialLookup extends CredentialLookup {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async loginCandidates(email: string): Promise<LoginCandidate[]> {
    const rows = await this.transaction.query<LoginCandidateRow>(LOGIN_CANDIDATES_SQL, [email]);
    return rows.map((row) => ({
      userId: row.user_id,
      passwordHash: row.password_hash,
      userStatus: row.user_status,
      membership: row.organization_id ? { organizationId: row.organization_id, organizationSlug: row.organization_slug!, role: row.role as Role } : undefined,
    }));
  }

  async refreshToken(tokenHash: Buffer): Promise<StoredRefreshToken | undefined> {
    const [row] = await this.transaction.query<RefreshTokenRow>(REFRESH_TOKEN_BY_HASH_SQL, [tokenHash]);
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      userId: row.user_id,
      familyId: row.family_id,
      expiresAt: row.expires_at,
      rotatedAt: row.rotated_at,
      revokedAt: row.revoked_at,
    };
  }

  async invitation(tokenHash: Buffer): Promise<StoredInvitation | undefined> {
    const [row] = await this.transaction.query<InvitationRow>(INVITATION_BY_HASH_SQL, [tokenHash]);
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      email: row.email,
      role: row.role as Role,
      expiresAt: row.expires_at,
      acceptedAt: row.accepted_at,
    };
  }
}
