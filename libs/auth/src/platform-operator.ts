import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ConfigType, defineSettings } from '@switchyard/config';
import { AUTH, DomainError } from '@switchyard/core';
import { WithoutTransaction } from '@switchyard/database';
import { ApiProblem } from '@switchyard/http';
import { UnauthenticatedError } from './auth.errors';
import { Public } from './decorators';
import { hashToken, parseApiKey, sameHash } from './secret-token';
import { AccessTokenIssuer } from './access-token';

const MIN_LENGTH = 32;

/**
 * The platform operator's credential: the people who run the service, not any tenant. Work that
 * touches every organization (maintenance jobs) answers only to it; no organization role, owner
 * included, reaches it. Unset: nobody can, and those routes answer 403.
 */
export const platformOperatorConfig = defineSettings({
  area: 'platformOperator',
  variables: {
    PLATFORM_OPERATOR_TOKEN: { default: '—', meaning: 'secret that authorizes platform-wide operations' },
  },
  parse: (read) => {
    const token = read.string('PLATFORM_OPERATOR_TOKEN');
    if (token !== undefined && token.length < MIN_LENGTH) read.problems.push(`PLATFORM_OPERATOR_TOKEN must be at least ${MIN_LENGTH} characters`);
    return { tokenHash: token !== undefined && token.length >= MIN_LENGTH ? hashToken(token) : undefined };
  },
});

/**
 * Accepts only `Authorization: Bearer <PLATFORM_OPERATOR_TOKEN>`, compared in constant time (as
 * hashes). A tenant's own credential (an access token we signed, an API key) is authenticated
 * but not allowed: 403. Anything else is no credential at all: 401.
 */
@Injectable()
export class PlatformOperatorGuard implements CanActivate {
  constructor(
    @Inject(platformOperatorConfig.KEY) private readonly config: ConfigType<typeof platformOperatorConfig>,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const authorization = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) throw new UnauthenticatedError();
    const expected = this.config.tokenHash;
    const bearer = authorization.slice(7).trim();
    if (!expected || !sameHash(hashToken(bearer), expected)) {
      if (!parseApiKey(bearer) && !this.tokens.verify(bearer)) throw new UnauthenticatedError();
      throw new DomainError(
        AUTH.PLATFORM_OPERATOR_ONLY,
        'Platform operations need the platform operator credential; organization roles, owner included, do not reach them',
      );
    }
    return true;
  }
}

/**
 * A platform-wide route: no tenant credential (the global guard lets it through), no request
 * transaction (the work opens its own), and only the platform operator's token.
 */
export const PlatformOperator = () =>
  applyDecorators(
    Public(),
    WithoutTransaction(),
    UseGuards(PlatformOperatorGuard),
    ApiSecurity('platform-operator'),
    ApiProblem(401, 'No credential (`AUTH.UNAUTHENTICATED`)'),
    ApiProblem(403, 'Not the platform operator credential (`AUTH.PLATFORM_OPERATOR_ONLY`)'),
  );
