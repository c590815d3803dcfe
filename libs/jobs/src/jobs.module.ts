import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartitionedTableEntity } from '@switchyard/database';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobEntity } from './job.entity';
import { ScheduledJobRunEntity } from './scheduled-job-run.entity';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';
import { PartitionMaintenanceJob } from './partition-maintenance.job';
import { AuditLogRetentionJob } from './audit-log-retention.job';
import { MaintenanceMetrics } from './maintenance-metrics';

@Global()
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([JobEntity, ScheduledJobRunEntity, PartitionedTableEntity])],
  controllers: [JobsController],
  providers: [ExclusiveJobRunner, JobQueue, PartitionMaintenanceJob, MaintenanceMetrics, AuditLogRetentionJob],
  exports: [ExclusiveJobRunner, JobQueue],
})
export class JobsModule {}
