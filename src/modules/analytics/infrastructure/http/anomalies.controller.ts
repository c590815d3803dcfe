import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, PageQuery } from '@switchyard/http';
import { AnomaliesService } from '../../application/anomalies.service';
import {
  AlertListQuery,
  AlertResponse,
  AnomalyListQuery,
  AnomalyResponse,
  AnomalyRuleResponse,
  CreateAnomalyRuleRequest,
  EvaluationResponse,
  UpdateAnomalyRuleRequest,
} from './anomaly.dto';

@ApiTags('Anomalies')
@Controller('v1')
export class AnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Post('anomaly-rules')
  @Roles('admin')
  @ApiOperation({
    summary: 'Create an anomaly rule over a metric series',
    description: 'Evaluated once an hour in its slot (a hash of the series spreads rules over the minutes), or on demand.',
  })
  @ApiCreatedResponse({ type: AnomalyRuleResponse })
  @ApiProblems('400', '422')
  createRule(@CurrentActor() actor: Actor, @Body() body: CreateAnomalyRuleRequest) {
    return this.anomalies.createRule(actor, body);
  }

  @Get('anomaly-rules')
  @Roles('viewer')
  @ApiOperation({ summary: 'List anomaly rules' })
  @ApiPageResponse(AnomalyRuleResponse)
  @ApiProblems('400')
  listRules(@Query() query: PageQuery) {
    return this.anomalies.listRules(query);
  }

  @Get('anomaly-rules/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'An anomaly rule' })
  @ApiOkResponse({ type: AnomalyRuleResponse })
  @ApiProblems('400', '404')
  getRule(@IdParam() id: string) {
    return this.anomalies.getRule(id);
  }

  @Patch('anomaly-rules/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a rule (sensitivity, threshold, window, severity, enabled...)' })
  @ApiOkResponse({ type: AnomalyRuleResponse })
  @ApiProblems('400', '404', '409', '422')
  updateRule(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: UpdateAnomalyRuleRequest) {
    return this.anomalies.updateRule(actor, id, body);
  }

  @Delete('anomaly-rules/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a rule with its anomalies and alerts' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  deleteRule(@IdParam() id: string) {
    return this.anomalies.deleteRule(id);
  }

  @Post('anomaly-rules/:id/evaluate')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Evaluate a rule now',
    description: 'Raises an anomaly and its alert, extends the open anomaly (no second alert), or resolves it.',
  })
  @ApiOkResponse({ type: EvaluationResponse })
  @ApiProblems('400', '404')
  async evaluate(@IdParam() id: string) {
    const { verdict, ...rest } = await this.anomalies.evaluate(id);
    return { ...rest, verdict: verdict && { ...verdict } };
  }

  @Get('anomalies')
  @Roles('viewer')
  @ApiOperation({ summary: 'List anomalies, newest first' })
  @ApiPageResponse(AnomalyResponse)
  @ApiProblems('400')
  listAnomalies(@Query() query: AnomalyListQuery) {
    return this.anomalies.listAnomalies(query);
  }

  @Get('anomalies/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'An anomaly with its evidence' })
  @ApiOkResponse({ type: AnomalyResponse })
  @ApiProblems('400', '404')
  getAnomaly(@IdParam() id: string) {
    return this.anomalies.getAnomaly(id);
  }

  @Get('alerts')
  @Roles('viewer')
  @ApiOperation({ summary: 'List alerts (one per anomaly), newest first' })
  @ApiPageResponse(AlertResponse)
  @ApiProblems('400')
  listAlerts(@Query() query: AlertListQuery) {
    return this.anomalies.listAlerts(query);
  }

  @Post('alerts/:id/acknowledge')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({ summary: 'Acknowledge an alert' })
  @ApiOkResponse({ type: AlertResponse })
  @ApiProblems('400', '404')
  acknowledge(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.anomalies.acknowledge(actor, id);
  }
}
