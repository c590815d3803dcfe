import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { WorkflowsService } from '../../application/workflows.service';
import {
  CreateWorkflowRequest,
  UpdateWorkflowRequest,
  WorkflowListQuery,
  WorkflowMetricsQuery,
  WorkflowMetricsResponse,
  WorkflowResponse,
} from './workflow.dto';

@ApiTags('Workflows')
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a workflow of a project, with its ordered phases',
    description: 'Tasks join it with PATCH /v1/tasks/{id} `{ workflowId, phaseId }`.',
  })
  @ApiCreatedResponse({ type: WorkflowResponse })
  @ApiProblems('400', '404', '409', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreateWorkflowRequest) {
    return this.workflows.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List workflows, with status and progress' })
  @ApiPageResponse(WorkflowResponse)
  @ApiProblems('400')
  list(@Query() query: WorkflowListQuery) {
    return this.workflows.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A workflow with per-phase status and progress', description: 'Computed from the live tasks attached to it.' })
  @ApiOkResponse({ type: WorkflowResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.workflows.get(id);
  }

  @Patch(':id')
  @Roles('member')
  @ApiOperation({ summary: 'Rename, describe, or reorder / add / remove phases' })
  @ApiOkResponse({ type: WorkflowResponse })
  @ApiProblems('400', '404', '409', '422')
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: UpdateWorkflowRequest) {
    return this.workflows.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Delete a workflow', description: 'Its phases go with it; its tasks stay, detached.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string) {
    return this.workflows.delete(id);
  }

  @Get(':id/metrics')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Lead and cycle time, overall and per phase',
    description: 'Over tasks done in the window: lead time = created → done, cycle time = first start → done (seconds; average, median, 85th percentile).',
  })
  @ApiOkResponse({ type: WorkflowMetricsResponse })
  @ApiProblems('400', '404')
  metrics(@IdParam() id: string, @Query() query: WorkflowMetricsQuery) {
    return this.workflows.metrics(id, query.since, query.until);
  }
}
