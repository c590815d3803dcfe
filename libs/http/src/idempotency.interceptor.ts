import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ConfigType } from '@switchyard/config';
import { COMMON, DomainError, ValidationFailedError } from '@switchyard/core';
import { SecretBox } from '@switchyard/crypto';
import { TenantTransaction } from '@switchyard/database';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { idempotencyConfig } from './idempotency.config';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on creating POSTs. The key is claimed in the request's own transaction, so
 * the stored response commits with the change it describes: a retry after success replays it,
 * a retry after failure runs again, and a concurrent duplicate waits on the row lock and then
 * replays. A key belongs to its caller: records are per organization AND principal (the user or
 * API key the request authenticated as), so one member can never replay another's response, and
 * they expire (scheduler purge). The stored response is sealed (AES-256-GCM): creating responses
 * carry secrets shown once, such as an API key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly box: SecretBox,
    @Inject(idempotencyConfig.KEY) private readonly config: ConfigType<typeof idempotencyConfig>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { organizationId: string; id?: string } }>();
    const key = request.headers['idempotency-key'];
    const organizationId = request.user?.organizationId;
    const principalId = request.user?.id;
    if (key === undefined || !organizationId || !principalId) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.handle({ organizationId, principalId, key }, request, reply, next));
  }

  private async handle(record: RecordKey, request: FastifyRequest, reply: FastifyReply, next: CallHandler) {
    const { organizationId, principalId, key } = record;
    const path = request.url.split('?')[0];
    const requestHash = createHash('sha256')
      .update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const records = this.transaction.manager.getRepository(IdempotencyRecordEntity);
    // Claim the key, or find it taken: ON CONFLICT DO NOTHING returns no row when another request holds it.
    const claimed = await records
      .createQueryBuilder()
      .insert()
      .values({ organizationId, principalId, key, method: request.method, path, requestHash, expiresAt: () => 'now() + make_interval(hours => :ttlHours)' })
      .setParameter('ttlHours', this.config.ttlHours)
      .orIgnore()
      .returning(['key'])
      .updateEntity(false)
      .execute();
    if (claimed.raw.length === 0) return this.replay(record, requestHash, reply);

    const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    await records.update(record, {
      statusCode: reply.statusCode,
      responseBody: { sealed: this.box.seal(JSON.stringify(result ?? null), sealContext(record)) },
    });
    return result;
  }

  private async replay(record: RecordKey, requestHash: string, reply: FastifyReply) {
    const stored = await this.transaction.manager
      .getRepository(IdempotencyRecordEntity)
      .findOne({ select: { requestHash: true, statusCode: true, responseBody: true }, where: { ...record } });
    if (!stored || stored.statusCode === null) {
      throw new DomainError(COMMON.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still being processed; retry shortly');
    }
    if (stored.requestHash !== requestHash) {
      throw new DomainError(COMMON.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request');
    }
    void reply.header('idempotent-replayed', 'true');
    return stored.responseBody ? JSON.parse(this.box.open(stored.responseBody.sealed, sealContext(record))) : null;
  }
}

interface RecordKey {
  organizationId: string;
  principalId: string;
  key: string;
}

/** Binds a sealed response to its record, so it cannot be replayed under another key, caller or tenant. */
function sealContext(record: RecordKey): string {
  return `idempotency:${record.organizationId}:${record.principalId}:${record.key}`;
}

/** Marks a creating POST as honouring `Idempotency-Key`. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (e.g. a UUID). Retrying with the same key and body replays the first response instead of creating twice; kept 24 h.',
    }),
  );
