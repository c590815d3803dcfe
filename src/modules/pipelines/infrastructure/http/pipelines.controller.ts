import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, ValidationFailedError } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { ExecutionsService } from '../../application/executions.service';
import { PipelineAnalyticsService } from '../../application/pipeline-analytics.service';
import { PipelinesService } from '../../application/pipelines.service';
import {
  AnalyticsQuery,
  PipelineAnalyticsResponse,
  CreatePipelineRequest,
  ExecutionDetailResponse,
  PipelineListQuery,
  PipelineResponse,
  PipelineVersionResponse,
  PipelineVersionsResponse,
  TriggerExecutionRequest,
  UpdatePipelineRequest,
} from './pipeline.dto';

const VersionParam = () =>
  Param('version', new ParseIntPipe({ exceptionFactory: () => new ValidationFailedError([{ field: 'version', message: 'must be an integer' }]) }));

@ApiTags('Pipelines')
@Controller('v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly executions: ExecutionsService,
    private readonly analytics: PipelineAnalyticsService,
  ) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Define a pipeline of a project (version 1)',
    description: 'Audited. Invalid definitions answer 422 with the path of each problem.',
  })
  @ApiCreatedResponse({ type: PipelineResponse })
  @ApiProblems('400', '404', '409', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreatePipelineRequest) {
    return this.pipelines.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List pipelines, newest first' })
  @ApiPageResponse(PipelineResponse)
  @ApiProblems('400')
  list(@Query() query: PipelineListQuery) {
    return this.pipelines.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A pipeline with its current spec' })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.pipelines.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a pipeline: a new spec makes a new version',
    description: 'Running and past executions keep the version they started with. Audited.',
  })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiProblems('400', '404', '409', '422')
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: UpdatePipelineRequest) {
    return this.pipelines.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Archive a pipeline', description: 'No new executions; its history stays readable. Audited.' })
  @ApiNoContentResponse({ description: 'Archived' })
  @ApiProblems('400', '404')
  archive(@IdParam() id: string) {
    return this.pipelines.archive(id);
  }

  @Get(':id/versions')
  @Roles('viewer')
  @ApiOperation({ summary: 'Every version of the pipeline’s spec, newest first' })
  @ApiOkResponse({ type: PipelineVersionsResponse })
  @ApiProblems('400', '404')
  async versions(@IdParam() id: string) {
    return { items: await this.pipelines.versions(id) };
  }

  @Get(':id/versions/:version')
  @Roles('viewer')
  @ApiOperation({ summary: 'One version of the pipeline’s spec' })
  @ApiParam({ name: 'version', type: Number, example: 2 })
  @ApiOkResponse({ type: PipelineVersionResponse })
  @ApiProblems('400', '404')
  version(@IdParam() id: string, @VersionParam() version: number) {
    return this.pipelines.version(id, version);
  }

  @Post(':id/executions')
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Run the pipeline now (manual trigger with typed inputs)',
    description: 'Queued at once, or waiting for its concurrency group. 409 when the group’s bounded queue is full.',
  })
  @ApiCreatedResponse({ type: ExecutionDetailResponse })
  @ApiProblems('400', '404', '409', '422')
  trigger(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: TriggerExecutionRequest) {
    return this.executions.trigger(actor, id, body);
  }

  @Get(':id/analytics')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Delivery figures over a window',
    description: 'Success rate, duration and queue time percentiles, flaky steps (failed then passed on one commit), DORA figures for deployment pipelines.',
  })
  @ApiOkResponse({ type: PipelineAnalyticsResponse })
  @ApiProblems('400', '404')
  analyticsOf(@IdParam() id: string, @Query() query: AnalyticsQuery) {
    return this.analytics.summarize(id, query.days, query.branch);
  }
}
