import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { Observable } from 'rxjs';
import { BulkTooLargeError } from '../../domain/task.errors';
import { LIMITS } from '../../domain/task.types';

/**
 * Refuses an oversized batch before validation runs (interceptors run before pipes), so a
 * 10,000-item body costs a length check, not 10,000 validations, and answers 413.
 */
@Injectable()
class BulkLimitInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<{ body?: Record<string, unknown> }>().body;
    for (const value of Object.values(body ?? {})) {
      if (Array.isArray(value) && value.length > LIMITS.bulkItems) throw new BulkTooLargeError(value.length, LIMITS.bulkItems);
    }
    return next.handle();
  }
}

export const BulkLimit = () => UseInterceptors(BulkLimitInterceptor);
