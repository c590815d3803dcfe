import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, ConfigType } from '@switchyard/config';
import { CallerCredential } from '@switchyard/database';
import { createSecretKey, KeyObject } from 'node:crypto';

export const JWT_ISSUER = 'switchyard';
export const JWT_AUDIENCE = 'switchyard-api';

/**
 * The HMAC key as a KeyObject, made once. Given a string, jsonwebtoken first tries to parse it as
 * a PEM/DER public or private key on every sign and verify, and that failed OpenSSL parse costs
 * ~1.5 ms of CPU per request (measured by npm run bench: docs/benchmarks.md).
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/**
 * Claims of an access token: one user, one organization, one session (the refresh-token family
 * it was issued with). No role: the role is read from the live membership on every request, and
 * the session is checked with it, so logout and revocation end the token at once.
 */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  sid: string;
  typ: 'access';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  issue(userId: string, organizationId: string, sessionId: string): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: userId, org: organizationId, sid: sessionId, typ: 'access' };
    const accessToken = this.jwt.sign(claims, {
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithm: 'HS256',
    });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds };
  }

  /**
   * Signature, algorithm, issuer, audience, expiry and claim shapes: what a token proves without
   * the database. Undefined for anything else (a token from before sessions were carried too).
   */
  verify(token: string): CallerCredential | undefined {
    try {
      return credentialOfClaims(this.jwt.verify<AccessTokenClaims>(token, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE }));
    } catch {
      return undefined;
    }
  }
}

/** The caller a verified token names: its claims' shapes checked (a token from before sessions were carried is refused). */
export function credentialOfClaims(claims: Partial<AccessTokenClaims>): CallerCredential | undefined {
  const { sub, org, sid, typ } = claims;
  if (typ !== 'access' || !isUuid(sub) || !isUuid(org) || !isUuid(sid)) return undefined;
  return { type: 'user', userId: sub, organizationId: org, sessionId: sid };
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
