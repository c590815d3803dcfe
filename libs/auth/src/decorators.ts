import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor, Role } from '@switchyard/core';

export const IS_PUBLIC = 'switchyard:public';
export const REQUIRED_ROLE = 'switchyard:role';

/** An open route: no credential needed (sign-up, login, probes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The least role a route needs (owner > admin > member > viewer). Every authenticated route
 * declares one; it also documents the security schemes and the 401/403/429 answers.
 */
export const Roles = (role: Role) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    ApiBearerAuth('jwt'),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'Missing, expired or invalid credential (problem document)' }),
    ApiForbiddenResponse({ description: `Needs role "${role}" or higher (problem document)` }),
    ApiTooManyRequestsResponse({ description: 'Rate limit reached; see Retry-After (problem document)' }),
  );

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ user: Actor }>().user;
});
