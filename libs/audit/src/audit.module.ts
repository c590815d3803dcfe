import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogEntity } from './audit-log.entity';
import { AuditTrail } from './audit-trail';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([AuditLogEntity])], providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
