import { Injectable } from '@nestjs/common';
import { Role } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { CredentialLookup, LoginCandidate, StoredInvitation, StoredRefreshToken } from '../../application/credential-lookup';

/** Calls the SECURITY DEFINER functions of the foundation migration, within the caller's transaction. */
@Injectable()
export class PgCredentialLookup extends CredentialLookup {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async loginCandidates(email: string): Promise<LoginCandidate[]> {
    const rows: Array<{
      user_id: string;
      password_hash: string;
      user_status: 'active' | 'disabled';
      organization_id: string | null;
      organization_slug: string | null;
      role: Role | null;
    }> = await this.transaction.manager.query('select * from auth_login_candidates($1)', [email]);
    return rows.map((row) => ({
      userId: row.user_id,
      passwordHash: row.password_hash,
      userStatus: row.user_status,
      membership: row.organization_id
        ? { organizationId: row.organization_id, organizationSlug: row.organization_slug!, role: row.role! }
        : undefined,
    }));
  }

  async refreshToken(tokenHash: Buffer): Promise<StoredRefreshToken | undefined> {
    const [row] = await this.transaction.manager.query('select * from auth_refresh_token($1)', [tokenHash]);
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
    const [row] = await this.transaction.manager.query('select * from auth_invitation($1)', [tokenHash]);
    if (!row) return undefined;
    return { id: row.id, organizationId: row.organization_id, email: row.email, role: row.role, expiresAt: row.expires_at, acceptedAt: row.accepted_at };
  }
}
