import { errorCatalogue } from './error-catalogue';

/**
 * Authentication and authorization, a platform area: the guard (libs/auth) and the sign-in flows
 * (organizations module) answer these. Pure, so domain code can throw them.
 */
export const AUTH = errorCatalogue('AUTH', {
  UNAUTHENTICATED: { kind: 'unauthenticated', title: 'A valid access token or API key is required' },
  INVALID_CREDENTIALS: { kind: 'unauthenticated', title: 'Email or password is wrong' },
  REFRESH_TOKEN_INVALID: { kind: 'unauthenticated', title: 'The refresh token is unknown, expired or revoked' },
  REFRESH_TOKEN_REUSED: { kind: 'unauthenticated', title: 'A rotated refresh token was reused; its whole session was revoked' },
  ROLE_REQUIRED: { kind: 'forbidden', title: 'The route needs a higher role' },
  ROLE_ABOVE_OWN: { kind: 'forbidden', title: 'Nobody can grant a role above their own' },
  NO_ORGANIZATION: { kind: 'forbidden', title: 'The user is not a member of the organization' },
  USER_DISABLED: { kind: 'forbidden', title: 'The user is disabled' },
  SELF_PROMOTION: { kind: 'forbidden', title: 'Nobody can raise their own role' },
  PLATFORM_OPERATOR_ONLY: { kind: 'forbidden', title: 'Only the platform operator credential may run platform-wide operations' },
  EMAIL_TAKEN: { kind: 'conflict', title: 'A user with this email already exists' },
  RATE_LIMITED: { kind: 'rate_limited', title: 'Too many requests; retry after `Retry-After` seconds' },
});
