import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam } from '@switchyard/http';
import { TemplatesService } from '../../application/templates.service';
import {
  CreateTemplateRequest,
  CreateTemplateVersionRequest,
  TemplateListQuery,
  TemplateResponse,
  TemplateVersionList,
  TemplateVersionResponse,
  UpdateTemplateRequest,
} from './template.dto';

@ApiTags('Templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @Roles('member')
  @ApiOperation({ summary: 'Create a template with its first version' })
  @ApiCreatedResponse({ type: TemplateResponse })
  @ApiProblems('400', '409')
  create(@CurrentActor() actor: Actor, @Body() body: CreateTemplateRequest) {
    return this.templates.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List templates with usage and success rate' })
  @ApiPageResponse(TemplateResponse)
  @ApiProblems('400')
  list(@Query() query: TemplateListQuery) {
    return this.templates.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A template with usage and success rate over every version' })
  @ApiOkResponse({ type: TemplateResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string) {
    return this.templates.get(id);
  }

  @Patch(':id')
  @Roles('member')
  @ApiOperation({ summary: 'Rename, describe or tag a template (content changes are new versions)' })
  @ApiOkResponse({ type: TemplateResponse })
  @ApiProblems('400', '404', '409')
  update(@IdParam() id: string, @Body() body: UpdateTemplateRequest) {
    return this.templates.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a template and its versions' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string) {
    return this.templates.delete(id);
  }

  @Post(':id/versions')
  @Roles('member')
  @ApiOperation({ summary: 'Add a version (immutable; numbered 1, 2, 3...)' })
  @ApiCreatedResponse({ type: TemplateVersionResponse })
  @ApiProblems('400', '404')
  addVersion(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() body: CreateTemplateVersionRequest) {
    return this.templates.addVersion(actor, id, body);
  }

  @Get(':id/versions')
  @Roles('viewer')
  @ApiOperation({ summary: 'The versions of a template, newest first, each with its usage and success rate' })
  @ApiOkResponse({ type: TemplateVersionList })
  @ApiProblems('400', '404')
  async versions(@IdParam() id: string): Promise<TemplateVersionList> {
    return { items: await this.templates.versions(id) };
  }
}
