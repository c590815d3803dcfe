import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ConfigType, rateLimitConfig } from '@switchyard/config';
import { Actor, ForbiddenRoleError, hasRole, Role, userIdOf } from '@switchyard/core';
import { ScopedRequest } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { RateLimitedError, UnauthenticatedError } from './auth.errors';
import { IS_PUBLIC, REQUIRED_ROLE } from './decorators';
import { RateLimitStorage } from './rate-limit';

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
    private readonly limits: RateLimitStorage,
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

    await this.enforceRateLimits(actor);
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
  private async enforceRateLimits(actor: Actor): Promise<void> {
    if (actor.type === 'api_key' && actor.id) await this.count('API key', actor.id, this.limitConfig.perApiKeyPerMinute);
    await this.count('organization', actor.organizationId, this.limitConfig.perOrganizationPerMinute);
  }

  /** One fixed window a minute; the request over the limit is refused until the window ends. */
  private async count(scope: 'API key' | 'organization', id: string, limit: number): Promise<void> {
    const minute = 60_000;
    const window = await this.limits.increment(id, minute, limit, minute, scope === 'API key' ? 'key' : 'org');
    if (window.totalHits > limit) throw new RateLimitedError(scope, Math.max(1, window.timeToExpire));
  }
}
