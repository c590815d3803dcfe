import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam } from '@switchyard/http';
import { AgentRunsService } from '../../application/agent-runs.service';
import { AgentRunResponse, AllRunsQuery } from './agent-run.dto';
import { toRunResponse } from './responses';

@ApiTags('Agents')
@Controller('v1/agent-runs')
export class AgentRunsController {
  constructor(private readonly runs: AgentRunsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Runs of every agent', description: 'Newest first; filter by agent, task or status.' })
  @ApiPageResponse(AgentRunResponse)
  @ApiProblems('400')
  async list(@Query() query: AllRunsQuery): Promise<Page<AgentRunResponse>> {
    const page = await this.runs.list(query);
    return { items: page.items.map(toRunResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({
    summary: 'One run',
    description: 'Status, provider run id and URL, result, pull requests, timings; tokens and cost are estimates unless reported.',
  })
  @ApiOkResponse({ type: AgentRunResponse })
  @ApiProblems('400', '404')
  async get(@IdParam() id: string): Promise<AgentRunResponse> {
    return toRunResponse(await this.runs.get(id));
  }

  @Post(':id/cancel')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a queued or running run',
    description:
      'It is no longer submitted nor polled and its task goes back to the queue. The Codegen API has no cancel endpoint: a run already at the provider may still finish there; its outcome is ignored.',
  })
  @ApiOkResponse({ type: AgentRunResponse })
  @ApiProblems('400', '404', '409')
  async cancel(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AgentRunResponse> {
    return toRunResponse(await this.runs.cancel(actor, id));
  }
}
