import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { ApiPageResponse, ApiProblems, IdParam } from '@switchyard/http';
import { LearningService } from '../../application/learning.service';
import {
  DecideRecommendationRequest,
  EstimateAccuracyResponse,
  PatternList,
  PatternListQuery,
  PatternResponse,
  RecommendationListQuery,
  RecommendationResponse,
  TaskEstimateResponse,
} from './learning.dto';

@ApiTags('Learning')
@Controller('v1')
export class LearningController {
  constructor(private readonly learning: LearningService) {}

  @Post('learning/patterns/mine')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Mine patterns from the outcomes now',
    description:
      'Also runs daily (ANALYTICS_MINING_CRON). Slow workflow phases, flaky pipeline steps, agents failing on a task type; each with a recommendation.',
  })
  @ApiOkResponse({ type: PatternList })
  async mine(): Promise<PatternList> {
    return { items: await this.learning.mine() };
  }

  @Get('learning/patterns')
  @Roles('viewer')
  @ApiOperation({ summary: 'List learned patterns, most recently seen first' })
  @ApiPageResponse(PatternResponse)
  @ApiProblems('400')
  listPatterns(@Query() query: PatternListQuery) {
    return this.learning.listPatterns(query);
  }

  @Get('learning/patterns/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A learned pattern with its evidence' })
  @ApiOkResponse({ type: PatternResponse })
  @ApiProblems('400', '404')
  getPattern(@IdParam() id: string) {
    return this.learning.getPattern(id);
  }

  @Get('learning/recommendations')
  @Roles('viewer')
  @ApiOperation({ summary: 'List recommendations built from the patterns' })
  @ApiPageResponse(RecommendationResponse)
  @ApiProblems('400')
  listRecommendations(@Query() query: RecommendationListQuery) {
    return this.learning.listRecommendations(query);
  }

  @Patch('learning/recommendations/:id')
  @Roles('member')
  @ApiOperation({ summary: 'Accept, dismiss or complete a recommendation', description: 'done / dismissed record the effectiveness of its pattern (1 / 0).' })
  @ApiOkResponse({ type: RecommendationResponse })
  @ApiProblems('400', '404', '409')
  decide(@IdParam() id: string, @Body() body: DecideRecommendationRequest) {
    return this.learning.decide(id, body);
  }

  @Get('tasks/:id/estimate')
  @Roles('viewer')
  @ApiOperation({
    summary: "The task's duration estimated from history",
    description: 'Median and 80 % interval of comparable finished tasks: same project, type and a shared label, else project and type, else type, else all.',
  })
  @ApiOkResponse({ type: TaskEstimateResponse })
  @ApiProblems('400', '404')
  estimate(@IdParam() id: string) {
    return this.learning.estimate(id);
  }

  @Get('learning/estimates/accuracy')
  @Roles('viewer')
  @ApiOperation({ summary: "The estimator's error on your own history", description: 'Estimates the newest 20 % of finished tasks from the older 80 %.' })
  @ApiOkResponse({ type: EstimateAccuracyResponse })
  accuracy() {
    return this.learning.accuracy();
  }
}
