import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblem, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { TaskHierarchyService } from '../../application/task-hierarchy.service';
import { TaskRelationsService } from '../../application/task-relations.service';
import { TasksService } from '../../application/tasks.service';
import { AncestorsQuery, DescendantsQuery } from './task-query.dto';
import { MoveTaskRequest } from './task.request.dto';
import { AncestorsResponse, RelationListResponse, RelationResponse, TaskProgressResponse, TaskResponse, TreeNodeResponse } from './task.response.dto';
import { AddRelationRequest } from './relation.dto';

@ApiTags('Task hierarchy')
@Controller('v1/tasks')
export class TaskHierarchyController {
  constructor(
    private readonly hierarchy: TaskHierarchyService,
    private readonly tasks: TasksService,
  ) {}

  @Get(':id/ancestors')
  @Roles('viewer')
  @ApiOperation({ summary: 'Path to the root', description: 'Parent first, root last; works at any depth (a 10,000-level chain included), capped by `limit`.' })
  @ApiOkResponse({ type: AncestorsResponse })
  @ApiProblems('400', '404')
  ancestors(@IdParam() id: string, @Query() query: AncestorsQuery) {
    return this.hierarchy.ancestors(id, query.limit);
  }

  @Get(':id/descendants')
  @Roles('viewer')
  @ApiOperation({
    summary: 'The whole subtree, with depth',
    description:
      'Live descendants with their depth below the task, up to 10,000 per page, in tree order: depth first, each task right after its parent, siblings by id; `fields` trims each node to what a client needs (a whole subtree answers several times faster) ' +
      '(below 16 levels of nesting, the tasks under one ancestor at that depth come by depth, then id). Filters select what is returned, not where the walk goes.',
  })
  @ApiPageResponse(TreeNodeResponse)
  @ApiProblems('400', '404', '409')
  descendants(@IdParam() id: string, @Query() query: DescendantsQuery) {
    return this.hierarchy.descendants(id, query);
  }

  @Get(':id/progress')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Progress roll-up from children and subtree leaves',
    description: 'Counts by status and estimate-weighted ratios; cancelled tasks count for nothing.',
  })
  @ApiOkResponse({ type: TaskProgressResponse })
  @ApiProblems('400', '404')
  progress(@IdParam() id: string) {
    return this.hierarchy.progress(id);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Move a task (with its subtree) under another parent or to the root',
    description:
      'The new parent must be a live task of the same project (404 otherwise). A move under the task itself or its own subtree answers 409 `TASKS.HIERARCHY_CYCLE` with the cycle; ' +
      'moves of one organization are serialized, so two racing moves cannot create a cycle together.',
  })
  @ApiOkResponse({ type: TaskResponse })
  @ApiProblems('400', '404', '409', '422')
  move(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: MoveTaskRequest) {
    return this.tasks.move(actor, id, body.parentId, body.version);
  }
}

@ApiTags('Task relations')
@Controller('v1/tasks/:id/relations')
export class TaskRelationsController {
  constructor(private readonly relations: TaskRelationsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: "A task's relations",
    description: '`blocked_by` and `duplicated_by` are the other tasks’ `blocks` / `duplicates` read from this side.',
  })
  @ApiOkResponse({ type: RelationListResponse })
  @ApiProblems('400', '404')
  async list(@IdParam() id: string) {
    return { items: await this.relations.list(id) };
  }

  @Post()
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Relate this task to another',
    description:
      'Within your organization (another tenant’s task: 404). No self-relations (422), no duplicates in either direction (409 `TASKS.DUPLICATE_RELATION`). ' +
      'A `blocks` / `blocked_by` that would close a loop answers 409 `TASKS.DEPENDENCY_CYCLE` with `cycle`; the check holds under concurrent requests.',
  })
  @ApiCreatedResponse({ type: RelationResponse })
  @ApiProblem(409, '`TASKS.DEPENDENCY_CYCLE` (with the cycle path), `TASKS.DUPLICATE_RELATION`, `TASKS.DELETED`')
  @ApiProblems('400', '404', '422')
  add(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: AddRelationRequest) {
    return this.relations.add(actor, id, body.type, body.taskId);
  }

  @Delete(':relationId')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Remove a relation of this task' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('400', '404')
  remove(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('relationId') relationId: string) {
    return this.relations.remove(actor, id, relationId);
  }
}
