import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '@switchyard/core';
import { CallerCredential } from '@switchyard/database';
import { AccessTokenIssuer } from './access-token';
import { UnauthenticatedError } from './auth.errors';
import { IS_PUBLIC, REQUIRED_ROLE } from './decorators';
import { RateLimits } from './rate-limits';
import { hashToken, parseApiKey } from './secret-token';

/** What the guard leaves on the request for the access interceptor. */
export interface CredentialedRequest {
  headers: Record<string, string | string[] | undefined>;
  credential?: CallerCredential;
  requiredRole?: Role;
}

/**
 * The one global guard, and the part of authentication that needs no database: it checks the
 * credential cryptographically (a JWT's signature and claims, an API key's format), records the
 * role the route declares with @Roles(), and counts the rate limits it can name already (the
 * key's own; the organization a JWT is signed for). Whether the caller is still entitled, and
 * with which role, is decided by the first statement of the request's transaction
 * (AccessInterceptor), never by the token.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenIssuer,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<CredentialedRequest>();
    const credential = this.credentialOf(request.headers);
    if (!credential) throw new UnauthenticatedError();
    // A route that forgets @Roles() is open to every member but never to anonymous callers.
    request.requiredRole = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    request.credential = credential;
    if (credential.type === 'api_key') await this.limits.countApiKey(credential.keyId);
    else await this.limits.countOrganization(credential.organizationId);
    return true;
  }

  /** `X-API-Key: sy_…` or `Authorization: Bearer sy_…` is a key; any other Bearer token a JWT. */
  private credentialOf(headers: CredentialedRequest['headers']): CallerCredential | undefined {
    const apiKey = headers['x-api-key'];
    const authorization = headers.authorization;
    const bearer = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const key = typeof apiKey === 'string' ? apiKey.trim() : bearer?.startsWith('sy_') ? bearer : undefined;
    if (key !== undefined) {
      const parsed = parseApiKey(key);
      return parsed ? { type: 'api_key', keyId: parsed.keyId, secretHash: hashToken(parsed.secret) } : undefined;
    }
    return bearer ? this.tokens.verify(bearer) : undefined;
  }
}
