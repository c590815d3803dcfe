import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Role } from '@switchyard/core';
import { CallerCredential } from '@switchyard/database';
import { UnauthenticatedError } from './auth.errors';
import { IS_PUBLIC, REQUIRED_ROLE } from './decorators';
import { RateLimits } from './rate-limits';

/** What the guard leaves on the request for the access interceptor. */
export interface CredentialedRequest {
  headers: Record<string, string | string[] | undefined>;
  credential?: CallerCredential;
  requiredRole?: Role;
}

/**
 * The one global guard, and the part of authentication that needs no database: passport's JWT
 * strategy (passport-jwt) or API-key strategy (passport-custom) checks the credential
 * cryptographically (a JWT's signature and claims, an API key's format); the guard records the
 * role the route declares with @Roles(), and counts the rate limits it can name already (the
 * key's own; the organization a JWT is signed for). Whether the caller is still entitled, and
 * with which role, is decided by the first statement of the request's transaction
 * (AccessInterceptor), never by the token.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    await super.canActivate(context);
    // Passport leaves the accepted credential as `user`; the access interceptor replaces it with the live actor.
    const request = context.switchToHttp().getRequest<CredentialedRequest & { user: CallerCredential }>();
    const credential = request.user;
    // A route that forgets @Roles() is open to every member but never to anonymous callers.
    request.requiredRole = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    request.credential = credential;
    if (credential.type === 'api_key') await this.limits.countApiKey(credential.keyId);
    else await this.limits.countOrganization(credential.organizationId);
    return true;
  }

  /** No strategy accepted the request (or none applied): 401, the same answer for every failure. */
  override handleRequest<TUser = CallerCredential>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedError();
    return user;
  }
}
