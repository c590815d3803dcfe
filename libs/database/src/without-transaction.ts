import { SetMetadata } from '@nestjs/common';

/** Metadata read by the request pipeline (libs/auth AccessInterceptor). */
export const WITHOUT_TRANSACTION = 'switchyard:without-transaction';

/**
 * For the few routes that must not run inside the request's transaction: probes, metrics, and
 * flows that open their own once they know the tenant (sign-up, login, maintenance jobs).
 */
export const WithoutTransaction = () => SetMetadata(WITHOUT_TRANSACTION, true);
