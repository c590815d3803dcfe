/**
 * $1 key id, $2 SHA-256 of the secret. auth_api_key_verify (migration 1733100000001) is SECURITY
 * DEFINER: it answers a row only for the right secret of an unexpired key, and records the use
 * at most once a minute.
 */
export const VERIFY_API_KEY_SQL = 'select organization_id, role, expires_at from auth_api_key_verify($1, $2)';

export interface VerifiedApiKeyRow {
  organization_id: string;
  role: string;
  expires_at: Date | null;
}
