import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobsController } from './jobs.controller';

@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [JobsController],
  providers: [ExclusiveJobRunner],
  exports: [ExclusiveJobRunner],
})
export class JobsModule {}
