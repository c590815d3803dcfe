import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { WithoutTransaction } from '@switchyard/database';
import { ApiProblem, FREE_FORM_JSON } from '@switchyard/http';
import { ExclusiveJobRunner, JobResult, JobRun } from './exclusive-job-runner';

export class JobListResponse {
  @ApiProperty({ type: [String], example: ['purge-expired'] })
  items: string[];
}

export class JobRunResponse implements JobRun {
  @ApiProperty({ example: 'purge-expired' }) job: string;
  @ApiProperty({ example: true, description: 'False when another replica was running it, so this call did nothing' }) ran: boolean;
  @ApiProperty({ type: 'integer', example: 12 }) durationMs: number;
  @ApiPropertyOptional({ ...FREE_FORM_JSON, example: { refreshTokens: 3 }, description: "What the job did; its shape is the job's own" })
  result?: JobResult;
}

@ApiTags('Maintenance')
@Controller('v1/admin/jobs')
export class JobsController {
  constructor(private readonly runner: ExclusiveJobRunner) {}

  @Get()
  @Roles('owner')
  @ApiOperation({ summary: 'List scheduled maintenance jobs' })
  @ApiOkResponse({ type: JobListResponse })
  list(): JobListResponse {
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
  @ApiOkResponse({ type: JobRunResponse })
  @ApiProblem(404, 'No job of that name (`COMMON.JOB_NOT_FOUND`)')
  run(@Param('name') name: string): Promise<JobRun> {
    return this.runner.run(name);
  }
}
