import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { authConfig, ConfigType } from '@switchyard/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokenClaims, JWT_AUDIENCE, JWT_ISSUER } from './access-token';
import { Actor } from './actor';
import { isRole } from './roles';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
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
