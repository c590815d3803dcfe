/**
 * What a request's credential proves once its signature (JWT) or format (API key) has been
 * checked, before the database has said anything: who is calling and, for a user, in which
 * organization and session. Never a role: the role comes from the live rows (`auth_enter`).
 */
export type CallerCredential =
  | { type: 'user'; userId: string; organizationId: string; sessionId: string }
  | { type: 'api_key'; keyId: string; secretHash: Buffer };
