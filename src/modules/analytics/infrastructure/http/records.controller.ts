import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { ApiPageResponse, ApiProblems, IdParam, PageQuery } from '@switchyard/http';
import { RecordsService } from '../../application/records.service';
import {
  CreateLearningModelRequest,
  CreateOptimizationRunRequest,
  LearningModelResponse,
  OptimizationRunListQuery,
  OptimizationRunResponse,
  UpdateLearningModelRequest,
  UpdateOptimizationRunRequest,
} from './records.dto';

@ApiTags('Learning')
@Controller('v1')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Post('optimization-runs')
  @Roles('member')
  @ApiOperation({ summary: 'Record an evolutionary optimisation run (population, generations, fitness function)' })
  @ApiCreatedResponse({ type: OptimizationRunResponse })
  @ApiProblems('400')
  createRun(@Body() body: CreateOptimizationRunRequest) {
    return this.records.createRun(body);
  }

  @Get('optimization-runs')
  @Roles('viewer')
  @ApiOperation({ summary: 'List optimisation runs, newest first' })
  @ApiPageResponse(OptimizationRunResponse)
  @ApiProblems('400')
  listRuns(@Query() query: OptimizationRunListQuery) {
    return this.records.listRuns(query);
  }

  @Get('optimization-runs/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'An optimisation run with its history' })
  @ApiOkResponse({ type: OptimizationRunResponse })
  @ApiProblems('400', '404')
  getRun(@IdParam() id: string) {
    return this.records.getRun(id);
  }

  @Patch('optimization-runs/:id')
  @Roles('member')
  @ApiOperation({ summary: 'Report progress: status, best solution and fitness, generations appended to the history' })
  @ApiOkResponse({ type: OptimizationRunResponse })
  @ApiProblems('400', '404', '409')
  updateRun(@IdParam() id: string, @Body() body: UpdateOptimizationRunRequest) {
    return this.records.updateRun(id, body);
  }

  @Delete('optimization-runs/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete an optimisation run' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  deleteRun(@IdParam() id: string) {
    return this.records.deleteRun(id);
  }

  @Post('learning-models')
  @Roles('admin')
  @ApiOperation({ summary: 'Register a learning model (type, algorithm, accuracy, target modules)' })
  @ApiCreatedResponse({ type: LearningModelResponse })
  @ApiProblems('400', '409')
  createModel(@Body() body: CreateLearningModelRequest) {
    return this.records.createModel(body);
  }

  @Get('learning-models')
  @Roles('viewer')
  @ApiOperation({ summary: 'List learning models, newest first' })
  @ApiPageResponse(LearningModelResponse)
  @ApiProblems('400')
  listModels(@Query() query: PageQuery) {
    return this.records.listModels(query);
  }

  @Get('learning-models/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A learning model' })
  @ApiOkResponse({ type: LearningModelResponse })
  @ApiProblems('400', '404')
  getModel(@IdParam() id: string) {
    return this.records.getModel(id);
  }

  @Patch('learning-models/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Update a learning model (accuracy after retraining, status...)' })
  @ApiOkResponse({ type: LearningModelResponse })
  @ApiProblems('400', '404', '409')
  updateModel(@IdParam() id: string, @Body() body: UpdateLearningModelRequest) {
    return this.records.updateModel(id, body);
  }

  @Delete('learning-models/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a learning model' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  deleteModel(@IdParam() id: string) {
    return this.records.deleteModel(id);
  }
}
