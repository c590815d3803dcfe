import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { authConfig, ConfigType } from '@switchyard/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor, isRole } from '@switchyard/core';
import { AccessTokenClaims, JWT_AUDIENCE, JWT_ISSUER, jwtKey } from './access-token';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject (jsonwebtoken accepts it; passport-jwt's types predate it): see jwtKey.
      secretOrKey: jwtKey(config.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  validate(claims: AccessTokenClaims): Actor | false {
    if (claims.typ !== 'access' || !isRole(claims.role) || !claims.org || !claims.sub) return false;
    return { type: 'user', id: claims.sub, organizationId: claims.org, role: claims.role };
  }
}
