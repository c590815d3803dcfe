import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformOperator, Roles } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { RollupsService } from '../../application/rollups.service';
import { SystemHealthService } from '../../application/system-health.service';
import {
  AgentRollupQuery,
  AgentRollupResponse,
  PipelineRollupQuery,
  PipelineRollupResponse,
  SystemHealthResponse,
  TaskRollupQuery,
  TaskRollupResponse,
} from './operations.dto';

@ApiTags('Analytics')
@Controller('v1/analytics/rollups')
export class RollupsController {
  constructor(private readonly rollups: RollupsService) {}

  @Get('tasks')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Daily task summary per project: created, completed, lead and cycle time',
    description: 'Read from a materialized view refreshed on a schedule (ANALYTICS_ROLLUP_CRON), through a function bound to your organization.',
  })
  @ApiOkResponse({ type: TaskRollupResponse })
  @ApiProblems('400', '422')
  tasks(@Query() query: TaskRollupQuery) {
    return this.rollups.taskDaily(query);
  }

  @Get('pipelines')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Daily pipeline summary per definition: executions, success rate, duration (avg, p95)',
    description: 'By day of finishing (UTC), from a materialized view refreshed on a schedule, read through a function bound to your organization.',
  })
  @ApiOkResponse({ type: PipelineRollupResponse })
  @ApiProblems('400', '422')
  pipelines(@Query() query: PipelineRollupQuery) {
    return this.rollups.pipelineDaily(query);
  }

  @Get('agents')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Daily agent summary per agent: runs, success rate, cost, tokens, duration',
    description: 'By day of finishing (UTC), from a materialized view refreshed on a schedule, read through a function bound to your organization.',
  })
  @ApiOkResponse({ type: AgentRollupResponse })
  @ApiProblems('400', '422')
  agents(@Query() query: AgentRollupQuery) {
    return this.rollups.agentDaily(query);
  }
}

@ApiTags('Maintenance')
@Controller('v1/admin/system-health')
@PlatformOperator()
export class SystemHealthController {
  constructor(private readonly health: SystemHealthService) {}

  @Get()
  @ApiOperation({
    summary: 'System health: database size, slowest statements, index usage, queue depths, rows per module',
    description:
      'Platform operator only (PLATFORM_OPERATOR_TOKEN): figures about the whole database, never tenant rows. Slowest statements need pg_stat_statements (reported unavailable otherwise).',
  })
  @ApiOkResponse({ type: SystemHealthResponse })
  read() {
    return this.health.read();
  }
}
