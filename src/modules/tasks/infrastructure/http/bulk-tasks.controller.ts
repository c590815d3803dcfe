import { applyDecorators, Body, Controller, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiProblem, ApiProblems, Idempotent } from '@switchyard/http';
import { BulkTasksService } from '../../application/bulk-tasks.service';
import { BulkLimit } from './bulk-limit.interceptor';
import { BulkCreateRequest, BulkItemErrorResponse, BulkTasksResponse, BulkUpdateRequest } from './bulk.dto';

const REJECTED = '`TASKS.BULK_REJECTED`: nothing was written; `items` lists every failing item';
const ApiBatchProblems = () =>
  applyDecorators(
    ApiExtraModels(BulkItemErrorResponse),
    ApiProblem(422, REJECTED, { items: { type: 'array', items: { $ref: getSchemaPath(BulkItemErrorResponse) } } }),
    ApiProblem(413, 'More than 100 items (`TASKS.BULK_TOO_LARGE`)'),
    ApiProblems('400'),
  );

@ApiTags('Tasks')
@Controller('v1/tasks/bulk')
export class BulkTasksController {
  constructor(private readonly bulk: BulkTasksService) {}

  @Post()
  @Roles('member')
  @Idempotent()
  @BulkLimit()
  @ApiOperation({
    summary: 'Create up to 100 tasks at once',
    description: 'All or nothing. Items may nest under each other with `ref` / `parentRef` (in any order) or under existing tasks with `parentId`.',
  })
  @ApiCreatedResponse({ type: BulkTasksResponse })
  @ApiBatchProblems()
  async create(@CurrentActor() actor: Actor, @Body() body: BulkCreateRequest): Promise<BulkTasksResponse> {
    return { items: await this.bulk.create(actor, body.tasks) };
  }

  @Patch()
  @Roles('member')
  @BulkLimit()
  @ApiOperation({
    summary: 'Change status, priority, assignee or labels of up to 100 tasks',
    description: 'All or nothing: every item is checked (existence, version, transition rules, assignee) before anything is written.',
  })
  @ApiOkResponse({ type: BulkTasksResponse })
  @ApiBatchProblems()
  async update(@CurrentActor() actor: Actor, @Body() body: BulkUpdateRequest): Promise<BulkTasksResponse> {
    return { items: await this.bulk.update(actor, body.items) };
  }
}
