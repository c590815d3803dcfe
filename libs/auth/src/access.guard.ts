import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ConfigType, rateLimitConfig } from '@switchyard/config';
import { Actor, ForbiddenRoleError, hasRole, Role, userIdOf } from '@switchyard/core';
import { ScopedRequest } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { RateLimitedError, UnauthenticatedError } from './auth.errors';
import { IS_PUBLIC, REQUIRED_ROLE } from './decorators';
import { RateLimitStore } from './rate-limit.store';

export const ACTOR_KEY = 'actor';

/**
 * The one global guard: authenticates (JWT or API key) every route not marked @Public(),
 * checks the role the route declares with @Roles(), applies the per-organization and per-key
 * rate limits, and hands the tenant scope to the transaction interceptor.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly limits: RateLimitStore,
    @Inject(rateLimitConfig.KEY) private readonly limitConfig: ConfigType<typeof rateLimitConfig>,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<ScopedRequest & { user: Actor }>();
    const actor = request.user;

    // A route that forgets @Roles() is open to every member but never to anonymous callers.
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!hasRole(actor.role, required)) throw new ForbiddenRoleError(required, actor.role);

    this.enforceRateLimits(actor);
    request.tenantScope = { organizationId: actor.organizationId, userId: userIdOf(actor) };
    this.cls.set(ACTOR_KEY, actor);
    return true;
  }

  override handleRequest<TUser = Actor>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedError();
    return user;
  }

  /**
   * The key's own limit is checked first, so a runaway key that is refused does not also spend
   * its organization's budget and lock out everyone else in it.
   */
  private enforceRateLimits(actor: Actor): void {
    const minute = 60_000;
    if (actor.type === 'api_key') {
      const key = this.limits.hit(`key:${actor.id}`, minute);
      if (key.count > this.limitConfig.perApiKeyPerMinute) {
        throw new RateLimitedError('API key', Math.ceil(key.resetInMs / 1000));
      }
    }
    const org = this.limits.hit(`org:${actor.organizationId}`, minute);
    if (org.count > this.limitConfig.perOrganizationPerMinute) {
      throw new RateLimitedError('organization', Math.ceil(org.resetInMs / 1000));
    }
  }
}
