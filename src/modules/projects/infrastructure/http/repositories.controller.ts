import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor, Page, ValidationFailedError } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import type { FastifyReply } from 'fastify';
import { BRANCH_NAME_RULE, Branch, isValidBranchName, Repository } from '../../domain/repository';
import { BranchesService } from '../../application/branches.service';
import { RepositoriesService } from '../../application/repositories.service';
import {
  BranchListQuery,
  BranchResponse,
  CreateRepositoryRequest,
  RepositoryListQuery,
  RepositoryResponse,
  UpdateRepositoryRequest,
  UpsertBranchRequest,
  UpsertBranchResponse,
} from './repository.dto';

@ApiTags('Repositories')
@Controller('v1/repositories')
export class RepositoriesController {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly branches: BranchesService,
  ) {}

  @Post()
  @Roles('member')
  @Idempotent()
  @ApiOperation({
    summary: 'Register a repository',
    description:
      'Unique per organization by provider + owner/name (case-insensitive) and by provider + external id. Clone URLs: https (no embedded credentials), ssh or git@host:owner/name.git; file:// only when the server sets ALLOW_LOCAL_REPOSITORIES=true.',
  })
  @ApiCreatedResponse({ type: RepositoryResponse })
  @ApiProblems('400', '404', '409')
  create(@CurrentActor() actor: Actor, @Body() body: CreateRepositoryRequest): Promise<Repository> {
    return this.repositories.create(actor, body);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List repositories', description: 'Filter by provider, visibility, linked project or text; sort by createdAt, updatedAt or name.' })
  @ApiPageResponse(RepositoryResponse)
  @ApiProblems('400')
  list(@Query() query: RepositoryListQuery): Promise<Page<Repository>> {
    const { q, ...rest } = query;
    return this.repositories.list({ ...rest, text: q });
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One repository' })
  @ApiOkResponse({ type: RepositoryResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string): Promise<Repository> {
    return this.repositories.get(id);
  }

  @Patch(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'Edit a repository',
    description: 'Send the `version` you read. `projectIds`, when given, replaces the set of linked projects; `analysisConfig` is replaced as a whole.',
  })
  @ApiOkResponse({ type: RepositoryResponse })
  @ApiProblems('400', '404', '409')
  update(@IdParam() id: string, @Body() body: UpdateRepositoryRequest): Promise<Repository> {
    const { version, ...changes } = body;
    return this.repositories.update(id, version, changes);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a repository', description: 'With its branches, analysis runs and project links.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string): Promise<void> {
    return this.repositories.delete(id);
  }

  @Post(':id/branches')
  @Roles('member')
  @ApiOperation({
    summary: 'Create or update a branch by name',
    description:
      'Upsert (what push events call): 201 when the branch is new, 200 otherwise. A push older than the stored `lastPushAt` leaves the head where it is (`applied: false`).',
  })
  @ApiOkResponse({ type: UpsertBranchResponse, description: 'Updated (or an older push, ignored)' })
  @ApiCreatedResponse({ type: UpsertBranchResponse, description: 'Created' })
  @ApiProblems('400', '404')
  async upsertBranch(@IdParam() id: string, @Body() body: UpsertBranchRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UpsertBranchResponse> {
    const { branch, created, applied } = await this.branches.upsert(id, {
      name: body.name,
      headSha: body.headSha,
      protected: body.protected,
      lastPushAt: body.lastPushAt === undefined ? undefined : body.lastPushAt === null ? null : new Date(body.lastPushAt),
    });
    void reply.status(created ? 201 : 200);
    return { ...branch, created, applied };
  }

  @Get(':id/branches')
  @Roles('viewer')
  @ApiOperation({ summary: "List a repository's branches", description: 'By name; filter by protected flag or name prefix.' })
  @ApiPageResponse(BranchResponse)
  @ApiProblems('400', '404')
  listBranches(@IdParam() id: string, @Query() query: BranchListQuery): Promise<Page<Branch>> {
    return this.branches.list(id, query);
  }

  @Get(':id/branches/:name')
  @Roles('viewer')
  @ApiOperation({ summary: 'One branch', description: 'URL-encode slashes in the name (feature%2Fx).' })
  @ApiParam({ name: 'name', example: 'feature%2Fcheckout-v2' })
  @ApiOkResponse({ type: BranchResponse })
  @ApiProblems('400', '404')
  getBranch(@IdParam() id: string, @Param('name') name: string): Promise<Branch> {
    return this.branches.get(id, branchName(name));
  }

  @Delete(':id/branches/:name')
  @HttpCode(204)
  @Roles('member')
  @ApiOperation({ summary: 'Delete a branch', description: 'URL-encode slashes in the name (feature%2Fx).' })
  @ApiParam({ name: 'name', example: 'feature%2Fcheckout-v2' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  deleteBranch(@IdParam() id: string, @Param('name') name: string): Promise<void> {
    return this.branches.delete(id, branchName(name));
  }
}

function branchName(name: string): string {
  if (!isValidBranchName(name)) throw new ValidationFailedError([{ field: 'name', message: BRANCH_NAME_RULE }]);
  return name;
}
