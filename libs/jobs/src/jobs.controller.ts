import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { WithoutTransaction } from '@switchyard/database';
import { ExclusiveJobRunner, JobRun } from './exclusive-job-runner';

@ApiTags('Maintenance')
@Controller('v1/admin/jobs')
export class JobsController {
  constructor(private readonly runner: ExclusiveJobRunner) {}

  @Get()
  @Roles('owner')
  @ApiOperation({ summary: 'List scheduled maintenance jobs' })
  @ApiOkResponse({ schema: { example: { items: ['purge-expired'] } } })
  list(): { items: string[] } {
    return { items: this.runner.names() };
  }

  @Post(':name/run')
  @HttpCode(200)
  @Roles('owner')
  // The job opens its own transaction, holding the cross-replica lock.
  @WithoutTransaction()
  @ApiOperation({
    summary: 'Run a maintenance job now',
    description: 'Runs the job once, unless another replica is running it (then `ran` is false). Jobs are system-wide maintenance such as purging expired records.',
  })
  @ApiOkResponse({ schema: { example: { job: 'purge-expired', ran: true, durationMs: 12, result: { refreshTokens: 3 } } } })
  run(@Param('name') name: string): Promise<JobRun> {
    return this.runner.run(name);
  }
}
