import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PlatformOperator } from '@switchyard/auth';
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

/**
 * Platform maintenance: every job registered with the ExclusiveJobRunner works across all
 * organizations (purges, statistics), so only the platform operator credential
 * (PLATFORM_OPERATOR_TOKEN) lists or runs them; an organization's owner never does. Work scoped
 * to one organization belongs on a tenant route under @Roles('owner'), inside its transaction.
 */
@ApiTags('Maintenance')
@Controller('v1/admin/jobs')
@PlatformOperator()
export class JobsController {
  constructor(private readonly runner: ExclusiveJobRunner) {}

  @Get()
  @ApiOperation({ summary: 'List scheduled maintenance jobs' })
  @ApiOkResponse({ type: JobListResponse })
  list(): JobListResponse {
    return { items: this.runner.names() };
  }

  @Post(':name/run')
  @HttpCode(200)
  // The job opens its own transaction, holding the cross-replica lock (PlatformOperator: no request transaction).
  @ApiOperation({
    summary: 'Run a maintenance job now',
    description:
      'Runs the job once, unless another replica is running it (then `ran` is false). Jobs are platform-wide maintenance such as purging expired records; platform operator only.',
  })
  @ApiOkResponse({ type: JobRunResponse })
  @ApiProblem(404, 'No job of that name (`COMMON.JOB_NOT_FOUND`)')
  run(@Param('name') name: string): Promise<JobRun> {
    return this.runner.run(name);
  }
}
