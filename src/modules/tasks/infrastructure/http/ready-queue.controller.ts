import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { ReadyQueueService } from '../../application/ready-queue.service';
import { ReadyQueueQuery } from './task-query.dto';
import { ClaimTaskRequest, ReleaseTaskRequest } from './task.request.dto';
import { ClaimResponse, TaskResponse } from './task.response.dto';

@ApiTags('Ready queue')
@Controller('v1/tasks')
export class ReadyQueueController {
  constructor(private readonly queue: ReadyQueueService) {}

  @Get('ready')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Tasks ready to be worked on',
    description:
      'Backlog or todo, not deleted, and every task that blocks them done or cancelled (or deleted); by priority (urgent first), then age (oldest first).',
  })
  @ApiPageResponse(TaskResponse)
  @ApiProblems('400')
  list(@Query() query: ReadyQueueQuery) {
    const { label, ...rest } = query;
    return this.queue.list({ ...rest, labels: label });
  }

  @Post('claim')
  @HttpCode(200)
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Take the next ready task',
    description:
      'Atomically assigns the first ready task (unassigned, or already assigned to the claimer) to the claimer and starts it. Concurrent claimers never get the same task. ' +
      '`task` is null when nothing is ready. With an Idempotency-Key a retried claim returns the same task.',
  })
  @ApiOkResponse({ type: ClaimResponse })
  @ApiProblems('400', '422')
  async claim(@CurrentActor() actor: Actor, @Body() body: ClaimTaskRequest): Promise<ClaimResponse> {
    return { task: await this.queue.claim(actor, body) };
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'End a claim without finishing the task',
    description:
      '`failed` counts a retry: the task goes back to todo (unassigned) while retryCount ≤ maxRetries, else it is parked as blocked. `released` hands it back to todo.',
  })
  @ApiOkResponse({ type: TaskResponse })
  @ApiProblems('400', '404', '409')
  release(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: ReleaseTaskRequest) {
    return this.queue.release(actor, id, body.outcome, body.reason);
  }
}
