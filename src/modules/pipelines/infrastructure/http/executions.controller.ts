import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { ApiPageResponse, ApiProblems, IdParam } from '@switchyard/http';
import { ExecutionsService } from '../../application/executions.service';
import {
  ArtifactListResponse,
  CancelExecutionRequest,
  ExecutionDetailResponse,
  ExecutionListQuery,
  ExecutionResponse,
  LogQuery,
  LogResponse,
} from './pipeline.dto';

@ApiTags('Pipeline executions')
@Controller('v1/pipeline-executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'List executions, newest first',
    description: 'Filter by pipeline, project, branch, status, or a linked task (a task’s runs). Reads only the monthly partitions the page needs.',
  })
  @ApiPageResponse(ExecutionResponse)
  @ApiProblems('400')
  list(@Query() query: ExecutionListQuery) {
    return this.executions.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'An execution with its steps and linked tasks' })
  @ApiOkResponse({ type: ExecutionDetailResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.executions.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Cancel an execution',
    description: 'Queued and waiting steps are cancelled at once; runners of running steps learn it at their next heartbeat. Audited.',
  })
  @ApiOkResponse({ type: ExecutionDetailResponse })
  @ApiProblems('400', '404', '409')
  cancel(@IdParam() id: string, @Body() body: CancelExecutionRequest) {
    return this.executions.cancel(id, body.reason);
  }

  @Post(':id/rerun')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Re-run only the failed steps and their dependants',
    description: 'A new attempt of the same execution (runAttempt + 1), on the definition version it ran; succeeded steps keep their results.',
  })
  @ApiOkResponse({ type: ExecutionDetailResponse })
  @ApiProblems('400', '404', '409')
  rerun(@IdParam() id: string) {
    return this.executions.rerunFailed(id);
  }

  @Get(':id/artifacts')
  @Roles('viewer')
  @ApiOperation({ summary: 'The execution’s artifacts (until they expire)' })
  @ApiOkResponse({ type: ArtifactListResponse })
  @ApiProblems('400', '404')
  async artifacts(@IdParam() id: string) {
    return { items: await this.executions.artifacts(id) };
  }

  @Get(':id/steps/:stepId/log')
  @Roles('viewer')
  @ApiOperation({ summary: 'A step’s log, in chunks', description: 'Page with fromSeq = nextSeq; poll while the step runs.' })
  @ApiOkResponse({ type: LogResponse })
  @ApiProblems('400', '404')
  log(@IdParam() id: string, @IdParam('stepId') stepId: string, @Query() query: LogQuery) {
    return this.executions.log(id, stepId, query.attempt, query.fromSeq, query.limit);
  }

  @Put(':id/tasks/:taskId')
  @Roles('member')
  @ApiOperation({ summary: 'Link the execution to a task', description: 'The task then lists it (GET /v1/pipeline-executions?taskId=).' })
  @ApiOkResponse({ type: ExecutionDetailResponse })
  @ApiProblems('400', '404')
  link(@IdParam() id: string, @IdParam('taskId') taskId: string) {
    return this.executions.linkTask(id, taskId);
  }

  @Delete(':id/tasks/:taskId')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Unlink the execution from a task' })
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiProblems('400', '404')
  unlink(@IdParam() id: string, @IdParam('taskId') taskId: string) {
    return this.executions.unlinkTask(id, taskId);
  }
}
