import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TenantScope, TenantTransaction } from './tenant-transaction';

const WITHOUT_TRANSACTION = 'switchyard:without-transaction';

/** For the few routes that must not touch the database through a tenant transaction (probes, metrics). */
export const WithoutTransaction = () => SetMetadata(WITHOUT_TRANSACTION, true);

/** What the authentication guard leaves on the request for this interceptor. */
export interface ScopedRequest {
  tenantScope?: TenantScope;
}

/** Opens the request's one transaction, scoped to the authenticated caller's organization. */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const skip = this.reflector.getAllAndOverride<boolean>(WITHOUT_TRANSACTION, [context.getHandler(), context.getClass()]);
    if (skip || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    return from(this.transaction.run(request.tenantScope ?? {}, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
