import { Body, Controller, Delete, Get, HttpCode, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@switchyard/auth';
import { Actor } from '@switchyard/core';
import { ApiProblems } from '@switchyard/http';
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

  @Get('organization')
  @Roles('viewer')
  @ApiOperation({ summary: 'The organization the credential is scoped to' })
  @ApiOkResponse({ type: OrganizationResponse })
  get(): Promise<Organization> {
    return this.organizations.current();
  }

  @Patch('organization')
  @Roles('admin')
  @ApiOperation({ summary: 'Change name, settings, feature flags, limits (admin) or tier (owner)', description: 'Send the `version` you read; 409 if someone changed it since.' })
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
