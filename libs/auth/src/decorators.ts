import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { Actor, Role } from '@switchyard/core';
import { ApiProblem } from '@switchyard/http';

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
    ApiProblem(401, 'Missing, expired or invalid credential'),
    ApiProblem(403, `Needs role "${role}" or higher`),
    ApiProblem(429, 'Rate limit of the organization or API key reached; see Retry-After'),
  );

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ user: Actor }>().user;
});
