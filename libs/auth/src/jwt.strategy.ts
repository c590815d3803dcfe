import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { authConfig, ConfigType } from '@switchyard/config';
import { CallerCredential } from '@switchyard/database';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokenClaims, credentialOfClaims, JWT_AUDIENCE, JWT_ISSUER, jwtKey } from './access-token';

/**
 * Access tokens (passport-jwt): signature, algorithm, issuer, audience and expiry, then the
 * claims' shapes. What a token proves without the database: who, in which organization, which
 * session. The role is not in the token: the request's first statement reads it (AccessInterceptor).
 */
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

  validate(claims: AccessTokenClaims): CallerCredential | false {
    return credentialOfClaims(claims) ?? false;
  }
}
