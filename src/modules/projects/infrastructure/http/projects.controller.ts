import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page, ValidationFailedError } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { Project, PROJECT_SLUG_PATTERN } from '../../domain/project';
import { Repository } from '../../domain/repository';
import { ProjectSummary, ProjectSummaryService } from '../../application/project-summary.service';
import { ProjectsService } from '../../application/projects.service';
import { RepositoriesService } from '../../application/repositories.service';
import { ProjectSummaryResponse, SummaryQuery } from './analysis.dto';
import { ArchiveProjectRequest, CreateProjectRequest, ProjectListQuery, ProjectResponse, TransitionProjectRequest, UpdateProjectRequest } from './project.dto';
import { RepositoryResponse } from './repository.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('Projects')
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly repositories: RepositoriesService,
    private readonly summaries: ProjectSummaryService,
  ) {}

  @Post()
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a project',
    description:
      'Starts as `planning` (or `active`, which needs a lead). The slug is derived from the name when absent and is unique in the organization. The lead must be a member.',
  })
  @ApiCreatedResponse({ type: ProjectResponse })
  @ApiProblems('400', '409', '422')
  create(@CurrentActor() actor: Actor, @Body() body: CreateProjectRequest): Promise<Project> {
    return this.projects.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'List projects',
    description: 'Filter by status (one or more), lead, tag or text; sort by createdAt, updatedAt or name (prefix - for descending); cursor pagination.',
  })
  @ApiPageResponse(ProjectResponse)
  @ApiProblems('400')
  list(@Query() query: ProjectListQuery): Promise<Page<Project>> {
    const { q, ...rest } = query;
    return this.projects.list({ ...rest, text: q });
  }

  @Get('summary')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Cross-project summary',
    description:
      'Per project (by name): its repositories, the combined latest analysis of their default branches, and the counters other modules contribute (`counters.tasks`, `counters.pipelines`, …).',
  })
  @ApiPageResponse(ProjectSummaryResponse)
  @ApiProblems('400')
  summary(@Query() query: SummaryQuery): Promise<Page<ProjectSummary>> {
    return this.summaries.summarize(query);
  }

  @Get(':idOrSlug')
  @Roles('viewer')
  @ApiOperation({ summary: 'One project, by id or slug' })
  @ApiParam({ name: 'idOrSlug', example: 'payments-api' })
  @ApiOkResponse({ type: ProjectResponse })
  @ApiProblems('400', '404')
  get(@Param('idOrSlug') idOrSlug: string): Promise<Project> {
    if (!UUID.test(idOrSlug) && !PROJECT_SLUG_PATTERN.test(idOrSlug)) {
      throw new ValidationFailedError([{ field: 'idOrSlug', message: 'must be a project id (UUID) or slug' }]);
    }
    return this.projects.get(idOrSlug);
  }

  @Patch(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'Edit a project',
    description:
      'Send the `version` you read (409 if it changed since). Status changes go through /transitions. `settings` and `tags` are replaced as a whole. Archived projects are read-only.',
  })
  @ApiOkResponse({ type: ProjectResponse })
  @ApiProblems('400', '404', '409', '422')
  update(@IdParam() id: string, @Body() body: UpdateProjectRequest): Promise<Project> {
    const { version, ...changes } = body;
    return this.projects.update(id, version, changes);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Move a project along its lifecycle',
    description:
      'planning → active | archived; active → on_hold | completed; on_hold → active | completed | archived; completed → active | archived; archived → planning. Becoming active needs a lead. An illegal move is a 409 `PROJECTS.INVALID_TRANSITION` naming the rule and the allowed targets.',
  })
  @ApiOkResponse({ type: ProjectResponse })
  @ApiProblems('400', '404', '409', '422')
  transition(@IdParam() id: string, @Body() body: TransitionProjectRequest): Promise<Project> {
    return this.projects.transition(id, body.to, body.version);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({ summary: 'Archive a project', description: 'The transition to `archived` (allowed from planning, on_hold and completed).' })
  @ApiOkResponse({ type: ProjectResponse })
  @ApiProblems('400', '404', '409')
  archive(@IdParam() id: string, @Body() body: ArchiveProjectRequest = {}): Promise<Project> {
    return this.projects.transition(id, 'archived', body?.version);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: 'Delete a project',
    description: 'Removes the project with everything that belongs to it (tasks, workflows, repository links); the repositories stay.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string): Promise<void> {
    return this.projects.delete(id);
  }

  @Put(':id/repositories/:repositoryId')
  @Roles('member')
  @ApiOperation({ summary: 'Link a repository to the project', description: 'Idempotent. Both must belong to your organization.' })
  @ApiOkResponse({ type: RepositoryResponse })
  @ApiProblems('400', '404')
  link(@IdParam() id: string, @IdParam('repositoryId') repositoryId: string): Promise<Repository> {
    return this.repositories.link(id, repositoryId);
  }

  @Delete(':id/repositories/:repositoryId')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Unlink a repository from the project' })
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiProblems('400', '404')
  unlink(@IdParam() id: string, @IdParam('repositoryId') repositoryId: string): Promise<void> {
    return this.repositories.unlink(id, repositoryId);
  }
}
