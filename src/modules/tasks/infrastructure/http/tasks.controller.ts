import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblem, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { HistoryRecord } from '../../application/task-history.repository';
import { TasksService } from '../../application/tasks.service';
import { Task } from '../../domain/task';
import { HistoryQuery, TaskListQuery } from './task-query.dto';
import { CreateTaskRequest, UpdateTaskRequest } from './task.request.dto';
import { DeleteTaskResponse, HistoryResponse, TaskResponse } from './task.response.dto';

@ApiTags('Tasks')
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a task',
    description:
      'In a project of your organization (404 `PROJECTS.PROJECT_NOT_FOUND` otherwise), optionally under a parent of the same project and in a workflow phase of it. ' +
      'Gets the next number of the project. Creating it as in_progress/done sets startedAt/completedAt.',
  })
  @ApiCreatedResponse({ type: TaskResponse })
  @ApiProblems('400', '404', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskRequest): Promise<Task> {
    return this.tasks.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'Search and filter tasks',
    description:
      'Filters combine with AND; list-valued ones (status, priority, type) match any of their values, `label` all of them. ' +
      '`q` is ranked full-text search (title weighs more than description); any characters are allowed and are treated as text. Keyset pagination on the chosen sort.',
  })
  @ApiPageResponse(TaskResponse)
  @ApiProblems('400')
  list(@Query() query: TaskListQuery): Promise<Page<Task>> {
    const { label, ...rest } = query;
    return this.tasks.list({ ...rest, labels: label });
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One task', description: 'Soft-deleted tasks are returned too, with `deletedAt` set.' })
  @ApiOkResponse({ type: TaskResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string): Promise<Task> {
    return this.tasks.get(id);
  }

  @Patch(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'Change a task',
    description:
      'Send `version` and the fields to change. Status changes follow the transition rules (409 `TASKS.INVALID_TRANSITION` names from, to and the allowed targets) ' +
      'and set startedAt/completedAt. `parentId` moves the task like POST /move. Every changed field is recorded in the task history.',
  })
  @ApiOkResponse({ type: TaskResponse })
  @ApiProblems('400', '404', '409', '422')
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: UpdateTaskRequest): Promise<Task> {
    return this.tasks.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'Soft-delete a task and its subtree',
    description:
      'The task and all its live descendants are marked deleted together (children never outlive their parent). Relations stay but deleted blockers stop blocking. ' +
      'POST /restore brings back exactly this set.',
  })
  @ApiOkResponse({ type: DeleteTaskResponse })
  @ApiProblems('400', '404', '409')
  delete(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.tasks.delete(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Restore a soft-deleted task',
    description:
      'Restores the task and every task deleted with it. A task deleted together with its parent is restored by restoring the parent (409 `TASKS.PARENT_DELETED`).',
  })
  @ApiOkResponse({ type: TaskResponse })
  @ApiProblem(409, '`TASKS.NOT_DELETED` or `TASKS.PARENT_DELETED`')
  @ApiProblems('400', '404')
  restore(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<Task> {
    return this.tasks.restore(actor, id);
  }

  @Get(':id/history')
  @Roles('viewer')
  @ApiOperation({ summary: 'Per-field change history', description: 'Who changed which field when, from what to what; newest first.' })
  @ApiPageResponse(HistoryResponse)
  @ApiProblems('400', '404')
  history(@IdParam() id: string, @Query() query: HistoryQuery): Promise<Page<HistoryRecord>> {
    return this.tasks.history(id, query);
  }
}
