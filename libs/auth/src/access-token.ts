import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, ConfigType } from '@switchyard/config';
import { Role } from './roles';

export const JWT_ISSUER = 'switchyard';
export const JWT_AUDIENCE = 'switchyard-api';

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
