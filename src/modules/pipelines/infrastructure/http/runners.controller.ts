import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent, PageQuery } from '@switchyard/http';
import { RunnersService } from '../../application/runners.service';
import { RegisterRunnerRequest, RunnerResponse, RunnerWithTokenResponse, UpdateRunnerRequest } from './pipeline.dto';

@ApiTags('Pipeline runners')
@Controller('v1/pipeline-runners')
export class RunnersController {
  constructor(private readonly runners: RunnersService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Register a runner', description: 'Answers its token once (stored hashed). Audited.' })
  @ApiCreatedResponse({ type: RunnerWithTokenResponse })
  @ApiProblems('400', '422')
  register(@CurrentActor() actor: Actor, @Body() body: RegisterRunnerRequest) {
    return this.runners.register(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List the organization’s runners, with when each was last seen' })
  @ApiPageResponse(RunnerResponse)
  @ApiProblems('400')
  list(@Query() query: PageQuery) {
    return this.runners.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'A runner' })
  @ApiOkResponse({ type: RunnerResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.runners.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, relabel, disable or enable a runner' })
  @ApiOkResponse({ type: RunnerResponse })
  @ApiProblems('400', '404', '409')
  update(@IdParam() id: string, @Body() body: UpdateRunnerRequest) {
    return this.runners.update(id, body);
  }

  @Post(':id/token')
  @Roles('admin')
  @ApiOperation({ summary: 'Rotate a runner’s token', description: 'The new token is shown once; the old one stops working at once.' })
  @ApiCreatedResponse({ type: RunnerWithTokenResponse })
  @ApiProblems('400', '404')
  rotate(@IdParam() id: string) {
    return this.runners.rotateToken(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a runner', description: 'Its token stops working; steps it held go back to the queue when their lease runs out.' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string) {
    return this.runners.delete(id);
  }
}
