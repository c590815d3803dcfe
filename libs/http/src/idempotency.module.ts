import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

/**
 * Registers the idempotency_records entity (the app loads entities from the modules that
 * register them). The interceptor itself is instantiated by each `@Idempotent()` route.
 */
@Module({ imports: [TypeOrmModule.forFeature([IdempotencyRecordEntity])] })
export class IdempotencyModule {}
