import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '@switchyard/auth';
import { DomainError } from '@switchyard/core';
import { ApiProblem, ApiProblems, RAW_BODY_ROUTE } from '@switchyard/http';
import type { FastifyRequest } from 'fastify';
import { WebhookReceiver } from '../../application/webhook-receiver.service';
import { INTEGRATIONS } from '../../domain/integrations.errors';
import { Platform, PLATFORMS } from '../../domain/signatures';
import { WebhookAcceptedResponse } from './integration.dto';

@ApiTags('Webhooks')
@Controller('v1/webhooks')
@Public()
export class WebhooksController {
  constructor(private readonly receiver: WebhookReceiver) {}

  @Post(':platform/:integrationId')
  @HttpCode(200)
  // The body arrives as raw bytes (JSON or, for Slack commands, a form): the signature is over them.
  @RouteConfig(RAW_BODY_ROUTE)
  @ApiOperation({
    summary: 'Receive a webhook from GitHub, Linear or Slack',
    description:
      'No credential: the platform signs the raw body with the integration’s webhook secret (GitHub `X-Hub-Signature-256`, Linear `Linear-Signature` ' +
      'with `webhookTimestamp` within 60 s, Slack `X-Slack-Signature` v0 with `X-Slack-Request-Timestamp` within 5 minutes). ' +
      'A verified delivery is stored with its processing job before the 200; a known delivery id answers 200 with `duplicate: true` and stores nothing. ' +
      'Slack `url_verification` answers the challenge; a slash command (form-encoded) answers an immediate ephemeral reply. ' +
      'Unknown integration, wrong platform, missing, wrong or stale signature: 401 and nothing stored. If the delivery cannot be stored: 5xx, so the sender retries.',
  })
  @ApiParam({ name: 'platform', enum: PLATFORMS })
  @ApiParam({ name: 'integrationId', format: 'uuid' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: 'The platform’s payload, as it signed it' })
  @ApiOkResponse({ type: WebhookAcceptedResponse })
  @ApiProblem(401, 'Unknown integration, or a missing, wrong or stale signature (`INTEGRATIONS.SIGNATURE_INVALID`); nothing is stored')
  @ApiProblem(404, 'The platform segment is not github, linear or slack (`INTEGRATIONS.UNKNOWN_PLATFORM`)')
  @ApiProblems('400')
  async receive(
    @Param('platform') platform: string,
    @Param('integrationId') integrationId: string,
    @Req() request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    if (!(PLATFORMS as readonly string[]).includes(platform))
      throw new DomainError(INTEGRATIONS.UNKNOWN_PLATFORM, `No webhooks are received for "${platform.slice(0, 50)}"`);
    const answer = await this.receiver.receive({
      platform: platform as Platform,
      integrationId,
      headers: request.headers,
      contentType: request.headers['content-type'],
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    });
    return answer.body;
  }
}
