import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, ConfigType } from '@switchyard/config';
import { createSecretKey, KeyObject } from 'node:crypto';
import { Role } from '@switchyard/core';

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

/** Claims of an access token: one user, one organization, one role. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: Role;
  typ: 'access';
}

@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  issue(userId: string, organizationId: string, role: Role): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: userId, org: organizationId, role, typ: 'access' };
    const accessToken = this.jwt.sign(claims, {
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithm: 'HS256',
    });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds };
  }
}
