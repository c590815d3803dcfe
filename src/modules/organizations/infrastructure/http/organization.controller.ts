import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiProblem, ApiProblems } from '@switchyard/http';
import type { FastifyRequest } from 'fastify';
import { AuthService, Session } from '../../application/auth.service';
import { ChangePasswordRequest, SessionResponse } from './auth.dto';
import { Organization } from '../../domain/organization';
import { OrganizationService } from '../../application/organization.service';
import { Profile, ProfileService } from '../../application/profile.service';
import { DeleteOrganizationQuery, MeResponse, OrganizationResponse, UpdateMeRequest, UpdateOrganizationRequest } from './organization.dto';

@ApiTags('Organization')
@Controller('v1')
export class OrganizationController {
  constructor(
    private readonly organizations: OrganizationService,
    private readonly profiles: ProfileService,
    private readonly auth: AuthService,
  ) {}

  @Get('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'The caller: user (or API key), role and organization' })
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return toMe(await this.profiles.get(actor));
  }

  @Patch('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'Edit your own name, preferences and external ids' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems('400')
  async updateMe(@CurrentActor() actor: Actor, @Body() body: UpdateMeRequest): Promise<MeResponse> {
    return toMe(await this.profiles.update(actor, body));
  }

  @Post('me/password')
  @HttpCode(200)
  @Roles('viewer')
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Checks the current password (it spends a password attempt, like a login), sets the new one, and ends every session of yours in every organization: their access and refresh tokens stop working on their next use. Answers a new session for this organization.',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(401, 'The current password is wrong (`AUTH.INVALID_CREDENTIALS`)')
  @ApiProblems('400')
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest, @Req() request: FastifyRequest): Promise<Session> {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword, request.ip);
  }

  @Get('organization')
  @Roles('viewer')
  @ApiOperation({ summary: 'The organization the credential is scoped to' })
  @ApiOkResponse({ type: OrganizationResponse })
  get(): Promise<Organization> {
    return this.organizations.current();
  }

  @Patch('organization')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change name, settings, feature flags, limits (admin) or tier (owner)',
    description: 'Send the `version` you read; 409 if someone changed it since.',
  })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiProblems('400', '409')
  update(@CurrentActor() actor: Actor, @Body() body: UpdateOrganizationRequest): Promise<Organization> {
    const { version, ...patch } = body;
    return this.organizations.update(actor, version, patch);
  }

  @Delete('organization')
  @HttpCode(204)
  @Roles('owner')
  @ApiOperation({ summary: 'Delete the organization and all of its data', description: 'Irreversible. Pass the slug as `?confirm=` to confirm.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '422')
  delete(@Query() query: DeleteOrganizationQuery): Promise<void> {
    return this.organizations.delete(query.confirm);
  }
}

function toMe(profile: Profile): MeResponse {
  const { actor, user, organization } = profile;
  return { actor: { type: actor.type, id: actor.id!, role: actor.role }, user, organization };
}
