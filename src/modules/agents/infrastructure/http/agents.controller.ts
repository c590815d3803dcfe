import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblem, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { AgentRunsService } from '../../application/agent-runs.service';
import { AgentsService } from '../../application/agents.service';
import { Agent } from '../../domain/agent';
import { AgentListQuery, AgentResponse, CreateAgentRequest, CredentialsRequest, UpdateAgentRequest } from './agent.dto';
import {
  AgentRunResponse,
  AnalyticsQuery,
  AgentAnalyticsResponse,
  HandOffRequest,
  HandOffResponse,
  PullRequest,
  PullResponse,
  RunListQuery,
  StartRunRequest,
} from './agent-run.dto';
import { toBoardTaskResponse, toRunResponse, windowOf } from './responses';

const BUDGET_402 = 'AGENTS.BUDGET_EXCEEDED: the run would take the month past the organization’s or the agent’s budget; nothing was sent to the provider';

@ApiTags('Agents')
@Controller('v1/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly runs: AgentRunsService,
  ) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Register an agent',
    description:
      'Name, type, provider (`codegen`), capabilities, concurrency and optional budget; credentials may be given now or later. `maxAgents` of the organization limits applies.',
  })
  @ApiCreatedResponse({ type: AgentResponse })
  @ApiProblems('400', '409', '422')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateAgentRequest): Promise<AgentResponse> {
    return toAgentResponse(await this.agents.create(actor, body));
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List agents', description: 'Oldest first; `active` filters. Credentials are never returned, only whether they are set.' })
  @ApiPageResponse(AgentResponse)
  @ApiProblems('400')
  async list(@Query() query: AgentListQuery): Promise<Page<AgentResponse>> {
    const page = await this.agents.list(query);
    return { items: page.items.map(toAgentResponse), nextCursor: page.nextCursor };
  }

  @Get('analytics')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Agent analytics of the organization',
    description:
      'Over a window of run creation times: runs, success rate, duration p50/p95, estimated and reported cost, cost per completed task; for the organization and per agent.',
  })
  @ApiOkResponse({ type: AgentAnalyticsResponse })
  @ApiProblems('400')
  analytics(@Query() query: AnalyticsQuery): Promise<AgentAnalyticsResponse> {
    const { from, to } = windowOf(query);
    return this.runs.analytics(from, to);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One agent' })
  @ApiOkResponse({ type: AgentResponse })
  @ApiProblems('400', '404')
  async get(@IdParam() id: string): Promise<AgentResponse> {
    return toAgentResponse(await this.agents.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an agent', description: 'Optimistic concurrency with `version`.' })
  @ApiOkResponse({ type: AgentResponse })
  @ApiProblems('400', '404', '409')
  async update(@IdParam() id: string, @Body() body: UpdateAgentRequest): Promise<AgentResponse> {
    return toAgentResponse(await this.agents.update(id, body));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an agent and its run history', description: 'Refused (409 AGENTS.AGENT_BUSY) while it has runs queued or running.' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('400', '404', '409')
  async delete(@IdParam() id: string): Promise<void> {
    await this.agents.delete(id);
  }

  @Put(':id/credentials')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set or rotate the provider credentials',
    description: 'The token is sealed with the current encryption key (its id is shown as `credentials.keyId`) and never returned nor logged.',
  })
  @ApiOkResponse({ type: AgentResponse })
  @ApiProblems('400', '404')
  async setCredentials(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: CredentialsRequest): Promise<AgentResponse> {
    return toAgentResponse(await this.agents.setCredentials(actor, id, body));
  }

  @Post(':id/runs')
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Start a run',
    description:
      'Queued at once and submitted by the worker within the provider’s rate limits and the concurrency caps. Refused with 402 when the estimated cost would exceed the monthly budget.',
  })
  @ApiCreatedResponse({ type: AgentRunResponse })
  @ApiProblems('400', '404', '409', '422')
  @ApiProblem(402, BUDGET_402)
  async start(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: StartRunRequest): Promise<AgentRunResponse> {
    return toRunResponse(await this.runs.start(actor, id, body));
  }

  @Get(':id/runs')
  @Roles('viewer')
  @ApiOperation({ summary: "The agent's runs", description: 'Newest first; filter by status or task.' })
  @ApiPageResponse(AgentRunResponse)
  @ApiProblems('400', '404')
  async runsOf(@IdParam() id: string, @Query() query: RunListQuery): Promise<Page<AgentRunResponse>> {
    const page = await this.runs.listOfAgent(id, query);
    return { items: page.items.map(toRunResponse), nextCursor: page.nextCursor };
  }

  @Post(':id/handoff')
  @Roles('member')
  @ApiOperation({
    summary: 'Hand a task to the agent',
    description: 'The task must match the agent’s capabilities and be backlog or todo and free; it is started and assigned to the agent, and a run is queued.',
  })
  @ApiCreatedResponse({ type: HandOffResponse })
  @ApiProblems('400', '404', '409', '422')
  @ApiProblem(402, BUDGET_402)
  async handOff(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: HandOffRequest): Promise<HandOffResponse> {
    const { run, task } = await this.runs.handOff(actor, id, body);
    return { run: toRunResponse(run), task: toBoardTaskResponse(task) };
  }

  @Post(':id/pull')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Let the agent pull the next matching ready task',
    description:
      'Takes the first ready task whose type and labels match the agent’s capabilities through the ready queue’s atomic claim (never two agents on one task) and queues a run. `{ run: null, task: null }` when nothing matches; 429 when the agent has no free capacity.',
  })
  @ApiOkResponse({ type: PullResponse })
  @ApiProblems('400', '404', '409', '422')
  @ApiProblem(402, BUDGET_402)
  @ApiProblem(429, 'AGENTS.CONCURRENCY_LIMIT: the agent already has as many runs in flight as it may')
  async pull(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: PullRequest): Promise<PullResponse> {
    const { run, task } = await this.runs.pull(actor, id, body);
    return { run: run ? toRunResponse(run) : null, task: task ? toBoardTaskResponse(task) : null };
  }

  @Get(':id/analytics')
  @Roles('viewer')
  @ApiOperation({ summary: "One agent's analytics over a window" })
  @ApiOkResponse({ type: AgentAnalyticsResponse })
  @ApiProblems('400', '404')
  analyticsOf(@IdParam() id: string, @Query() query: AnalyticsQuery): Promise<AgentAnalyticsResponse> {
    const { from, to } = windowOf(query);
    return this.runs.analytics(from, to, id);
  }
}

export function toAgentResponse(agent: Agent): AgentResponse {
  const { organizationId: _o, ...rest } = agent;
  return rest;
}
