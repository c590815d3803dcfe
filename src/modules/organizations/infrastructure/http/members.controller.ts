import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '@switchyard/auth';
import { Actor, Page } from '@switchyard/core';
import { WithoutTransaction } from '@switchyard/database';
import { ApiPageResponse, ApiProblem, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import type { FastifyRequest } from 'fastify';
import { Member } from '../../domain/organization';
import { Session } from '../../application/auth.service';
import { Invitation } from '../../application/invitation.repository';
import { InvitationsService } from '../../application/invitations.service';
import { MembersService } from '../../application/members.service';
import { SessionResponse } from './auth.dto';
import {
  AcceptInvitationRequest,
  ChangeRoleRequest,
  CreatedInvitationResponse,
  CreateInvitationRequest,
  InvitationListQuery,
  InvitationResponse,
  MemberListQuery,
  MemberResponse,
} from './members.dto';

@ApiTags('Members')
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List the members of the organization' })
  @ApiPageResponse(MemberResponse)
  @ApiProblems('400')
  list(@Query() query: MemberListQuery): Promise<Page<Member>> {
    return this.members.list(query);
  }

  @Get(':userId')
  @Roles('viewer')
  @ApiOperation({ summary: 'One member' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiProblems('400', '404')
  get(@IdParam('userId') userId: string): Promise<Member> {
    return this.members.get(userId);
  }

  @Patch(':userId')
  @Roles('admin')
  @ApiOperation({ summary: "Change a member's role", description: 'Only owners grant or revoke the owner role; the last owner cannot be demoted.' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiProblems('400', '404', '409')
  changeRole(@CurrentActor() actor: Actor, @IdParam('userId') userId: string, @Body() body: ChangeRoleRequest): Promise<Member> {
    return this.members.changeRole(actor, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Roles('viewer')
  @ApiOperation({
    summary: 'Remove a member (admin), or leave the organization (yourself)',
    description: 'Only owners remove owners; the last owner cannot leave. The removed user’s refresh tokens are revoked.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('400', '404', '409')
  remove(@CurrentActor() actor: Actor, @IdParam('userId') userId: string): Promise<void> {
    return this.members.remove(actor, userId);
  }
}

@ApiTags('Members')
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Invite someone by email', description: 'Returns the invitation token once; deliver it to the invitee.' })
  @ApiCreatedResponse({ type: CreatedInvitationResponse })
  @ApiProblems('400', '409')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateInvitationRequest): Promise<CreatedInvitationResponse> {
    const { invitation, token } = await this.invitations.invite(actor, body.email, body.role);
    return { ...invitation, token };
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List invitations (pending by default)' })
  @ApiPageResponse(InvitationResponse)
  @ApiProblems('400')
  list(@Query() query: InvitationListQuery): Promise<Page<Invitation>> {
    return this.invitations.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('400', '404', '409')
  revoke(@IdParam() id: string): Promise<void> {
    return this.invitations.revoke(id);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @WithoutTransaction()
  @ApiOperation({
    summary: 'Accept an invitation',
    description:
      'Creates the user (name + new password) or, for an existing user, checks their password; adds the membership and logs in. ' +
      'Checking an existing password spends the same attempt budget as login (429 with Retry-After once spent).',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(401, 'Wrong password of the existing user (`AUTH.INVALID_CREDENTIALS`)')
  @ApiProblem(429, 'Too many password attempts for this account or address; see Retry-After (`AUTH.RATE_LIMITED`)')
  @ApiProblems('400', '404', '409', '422')
  accept(@Body() body: AcceptInvitationRequest, @Req() request: FastifyRequest): Promise<Session> {
    return this.invitations.accept(body, request.ip);
  }
}
