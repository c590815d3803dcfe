import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, ForbiddenRoleError, hasRole } from '@switchyard/core';
import { TenantTransaction, WITHOUT_TRANSACTION } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, Observable } from 'rxjs';
import { CredentialedRequest } from './access.guard';
import { RateLimits } from './rate-limits';

export const ACTOR_KEY = 'actor';

/**
 * The request's one transaction, and where authority is decided. For a credentialed request
 * its first round trip (TenantTransaction.runAs → auth_enter) switches to the runtime role, sets
 * the tenant and answers the caller's live role; the role the route declared is enforced
 * against it here, before the handler runs. Open routes get a transaction without a tenant;
 * @WithoutTransaction() routes none.
 */
@Injectable()
export class AccessInterceptor implements NestInterceptor {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly limits: RateLimits,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const skip = this.reflector.getAllAndOverride<boolean>(WITHOUT_TRANSACTION, [context.getHandler(), context.getClass()]);
    if (skip) return next.handle();
    const request = context.switchToHttp().getRequest<CredentialedRequest & { user?: Actor }>();
    const handle = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    const credential = request.credential;
    if (!credential) return from(this.transaction.run({}, handle));
    // The transaction runs in a nested CLS context: the actor is filled into an object set in the
    // request's own context, so the response log line (written after it) names the organization too.
    const actor = {} as Actor;
    this.cls.set(ACTOR_KEY, actor);
    return from(
      this.transaction.runAs(credential, async (live) => {
        const required = request.requiredRole ?? 'viewer';
        if (!hasRole(live.role, required)) throw new ForbiddenRoleError(required, live.role);
        // A key's organization is known only now; a JWT's was counted by the guard.
        if (live.type === 'api_key') await this.limits.countOrganization(live.organizationId);
        request.user = Object.assign(actor, live);
        return handle();
      }),
    );
  }
}
