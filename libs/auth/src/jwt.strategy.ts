import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { authConfig, ConfigType } from '@switchyard/config';
import { CallerCredential } from '@switchyard/database';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokenClaims, credentialOfClaims, JWT_AUDIENCE, JWT_ISSUER, jwtKey } from './access-token';
import { VerifiedTokens } from './verified-tokens';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** Tokens kept verified (VerifiedTokens): a few MB at most, more than the callers one replica sees in a token's lifetime. */
const VERIFIED_TOKENS_CAPACITY = 10_000;

type TokenRequest = Parameters<typeof bearerToken>[0];

/**
 * Access tokens (passport-jwt): signature, algorithm, issuer, audience and expiry, then the
 * claims' shapes. What a token proves without the database: who, in which organization, which
 * session. The role is not in the token: the request's first statement reads it (AccessInterceptor).
 * A token verified before and not yet expired is taken from VerifiedTokens instead of being
 * verified again.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new VerifiedTokens(VERIFIED_TOKENS_CAPACITY);

  constructor(@Inject(authConfig.KEY) config: ConfigType<typeof authConfig>) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject (jsonwebtoken accepts it; passport-jwt's types predate it): see jwtKey.
      secretOrKey: jwtKey(config.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      passReqToCallback: true,
    });
  }

  // passport calls this on a per-request copy of the strategy, which has `success` and reaches `verified` through its prototype.
  override authenticate(request: TokenRequest, options?: object): void {
    const token = bearerToken(request);
    const known = token ? this.verified.get(token) : undefined;
    if (known) return this.success(known);
    super.authenticate(request, options);
  }

  validate(request: TokenRequest, claims: AccessTokenClaims & { exp?: number }): CallerCredential | false {
    const credential = credentialOfClaims(claims);
    if (!credential) return false;
    this.verified.remember(bearerToken(request)!, credential, claims.exp);
    return credential;
  }
}
