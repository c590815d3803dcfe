import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobEntity } from './job.entity';
import { ScheduledJobRunEntity } from './scheduled-job-run.entity';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';

@Global()
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([JobEntity, ScheduledJobRunEntity])],
  controllers: [JobsController],
  providers: [ExclusiveJobRunner, JobQueue],
  exports: [ExclusiveJobRunner, JobQueue],
})
export class JobsModule {}
