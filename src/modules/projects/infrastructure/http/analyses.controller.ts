import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { AnalysisRun, RunComparison } from '../../domain/analysis';
import { AnalysesService, Trend } from '../../application/analyses.service';
import { AnalysisListQuery, AnalysisRunResponse, CompareQuery, ComparisonResponse, QueueAnalysisRequest, TrendQueryDto, TrendResponse } from './analysis.dto';

@ApiTags('Code analysis')
@Controller('v1/repositories/:id/analyses')
export class AnalysesController {
  constructor(private readonly analyses: AnalysesService) {}

  @Post()
  @HttpCode(202)
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Queue an analysis run',
    description:
      'The run is queued (202) and executes in the background: the tree is fetched with git at the commit (or branch head), source files are parsed with tree-sitter, and metrics are recorded. Poll the run until `completed` or `failed`; a failed run says why in `error`.',
  })
  @ApiAcceptedResponse({ type: AnalysisRunResponse })
  @ApiProblems('400', '404')
  queue(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: QueueAnalysisRequest): Promise<AnalysisRun> {
    return this.analyses.request(actor, id, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: "List a repository's analysis runs", description: 'Newest first; filter by status or branch.' })
  @ApiPageResponse(AnalysisRunResponse)
  @ApiProblems('400', '404')
  list(@IdParam() id: string, @Query() query: AnalysisListQuery): Promise<Page<AnalysisRun>> {
    return this.analyses.list(id, query);
  }

  @Get('trends')
  @Roles('viewer')
  @ApiOperation({
    summary: 'A metric over time',
    description: 'The completed runs of a branch (default branch when absent), oldest first, with the value of one metric (optionally of one language).',
  })
  @ApiOkResponse({ type: TrendResponse })
  @ApiProblems('400', '404')
  trends(@IdParam() id: string, @Query() query: TrendQueryDto): Promise<Trend> {
    return this.analyses.trend(id, query);
  }

  @Get('compare')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Compare two completed runs',
    description: 'Per metric and per language: base, head, delta and percent change; hotspots that are new or got more complex.',
  })
  @ApiOkResponse({ type: ComparisonResponse })
  @ApiProblems('400', '404', '422')
  compare(@IdParam() id: string, @Query() query: CompareQuery): Promise<{ base: AnalysisRun; head: AnalysisRun; changes: RunComparison }> {
    return this.analyses.compare(id, query.base, query.head);
  }

  @Get(':runId')
  @Roles('viewer')
  @ApiOperation({ summary: 'One analysis run' })
  @ApiOkResponse({ type: AnalysisRunResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string, @IdParam('runId') runId: string): Promise<AnalysisRun> {
    return this.analyses.get(id, runId);
  }
}
