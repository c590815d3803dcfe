import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';

@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [JobsController],
  providers: [ExclusiveJobRunner, JobQueue],
  exports: [ExclusiveJobRunner, JobQueue],
})
export class JobsModule {}
