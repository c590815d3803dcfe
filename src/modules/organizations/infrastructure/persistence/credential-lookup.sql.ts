/**
 * Calls of the SECURITY DEFINER functions of migration 1732240000000-PlatformFoundation: the only
 * reads of users, refresh tokens and invitations allowed before the tenant is known (RLS hides
 * every tenant row then). Function calls are what TypeORM cannot say, hence raw SQL.
 */

/** $1 email (lowercased by the function). One row per membership, or one row with null membership. */
export const LOGIN_CANDIDATES_SQL = `
  select user_id, password_hash, user_status, organization_id, organization_slug, role
  from auth_login_candidates($1)`;

export interface LoginCandidateRow {
  user_id: string;
  password_hash: string;
  user_status: 'active' | 'disabled';
  organization_id: string | null;
  organization_slug: string | null;
  role: string | null;
}

/** $1 SHA-256 of the refresh token. */
export const REFRESH_TOKEN_BY_HASH_SQL = `
  select id, organization_id, user_id, family_id, expires_at, rotated_at, revoked_at
  from auth_refresh_token($1)`;

export interface RefreshTokenRow {
  id: string;
  organization_id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/** $1 SHA-256 of the invitation token. */
export const INVITATION_BY_HASH_SQL = `
  select id, organization_id, email, role, expires_at, accepted_at
  from auth_invitation($1)`;

export interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  expires_at: Date;
  accepted_at: Date | null;
}
