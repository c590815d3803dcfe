import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartitionedTableEntity } from '@switchyard/database';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobEntity } from './job.entity';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';
import { PartitionMaintenanceJob } from './partition-maintenance.job';

@Global()
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([JobEntity, PartitionedTableEntity])],
  controllers: [JobsController],
  providers: [ExclusiveJobRunner, JobQueue, PartitionMaintenanceJob],
  exports: [ExclusiveJobRunner, JobQueue],
})
export class JobsModule {}
