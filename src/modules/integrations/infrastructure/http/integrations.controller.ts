import { Body, Controller, Delete, Get, HttpCode, Post, Patch, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchyard/auth';
import { Page } from '@switchyard/core';
import { ApiPageResponse, ApiProblems, IdParam, Idempotent } from '@switchyard/http';
import { DeliveriesService, IntegrationHealth } from '../../application/deliveries.service';
import { IntegrationsService } from '../../application/integrations.service';
import { Reconciler } from '../../application/reconciler';
import { Communication, Component } from '../../application/component.registry';
import { Delivery } from '../../domain/delivery';
import { Integration } from '../../domain/integration';
import {
  CommunicationListQuery,
  CommunicationResponse,
  ComponentResponse,
  CreateIntegrationRequest,
  DeliveryListQuery,
  DeliveryResponse,
  HealthResponse,
  IntegrationListQuery,
  IntegrationResponse,
  ReplayDeadRequest,
  ReplayDeadResponse,
  RotateSecretRequest,
  UpdateIntegrationRequest,
} from './integration.dto';
import { PageQuery } from '@switchyard/http';
import { ApiProperty } from '@nestjs/swagger';

export class ReconcileResponse {
  @ApiProperty({ example: 40, description: 'Delivery ids GitHub listed' }) listed: number;
  @ApiProperty({ example: 2, description: 'Never recorded here: GitHub was asked to redeliver them' }) redelivered: number;
  @ApiProperty({ example: 1, description: 'Recorded but dead here: processed again' }) replayed: number;
}

@ApiTags('Integrations')
@Controller('v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly deliveries: DeliveriesService,
    private readonly reconciler: Reconciler,
  ) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Connect GitHub, Linear or Slack',
    description:
      'The webhook secret and credentials are sealed (AES-256-GCM with a key id) and never answered. Point the platform at `/v1/webhooks/{platform}/{id}`.',
  })
  @ApiCreatedResponse({ type: IntegrationResponse })
  @ApiProblems('400', '404', '409')
  create(@Body() body: CreateIntegrationRequest): Promise<Integration> {
    return this.integrations.create(body);
  }

  @Get()
  @Roles('member')
  @ApiOperation({ summary: 'List integrations' })
  @ApiPageResponse(IntegrationResponse)
  @ApiProblems('400')
  list(@Query() query: IntegrationListQuery): Promise<Page<Integration>> {
    return this.integrations.list(query);
  }

  @Get(':id')
  @Roles('member')
  @ApiOperation({ summary: 'One integration' })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiProblems('400', '404')
  get(@IdParam() id: string): Promise<Integration> {
    return this.integrations.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit an integration', description: 'Send the `version` you read. `configuration` and `credentials` are replaced as a whole.' })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiProblems('400', '404', '409')
  update(@IdParam() id: string, @Body() body: UpdateIntegrationRequest): Promise<Integration> {
    return this.integrations.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Disconnect an integration', description: 'With its deliveries, mappings and component.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('400', '404')
  delete(@IdParam() id: string): Promise<void> {
    return this.integrations.delete(id);
  }

  @Post(':id/webhook-secret')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Rotate the webhook secret',
    description: 'The previous secret is still accepted for `graceSeconds`, so the platform can be switched without losing deliveries.',
  })
  @ApiOkResponse({ type: IntegrationResponse })
  @ApiProblems('400', '404')
  rotate(@IdParam() id: string, @Body() body: RotateSecretRequest): Promise<Integration> {
    return this.integrations.rotateWebhookSecret(id, body.webhookSecret, body.graceSeconds);
  }

  @Get(':id/deliveries')
  @Roles('member')
  @ApiOperation({ summary: 'The sync log: every delivery, its outcome and error', description: 'Newest first.' })
  @ApiPageResponse(DeliveryResponse)
  @ApiProblems('400', '404')
  deliveriesOf(@IdParam() id: string, @Query() query: DeliveryListQuery): Promise<Page<Delivery>> {
    return this.deliveries.list(id, query);
  }

  @Post(':id/deliveries/replay-dead')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Replay every dead delivery received in a window' })
  @ApiOkResponse({ type: ReplayDeadResponse })
  @ApiProblems('400', '404')
  replayDead(@IdParam() id: string, @Body() body: ReplayDeadRequest): Promise<{ replayed: string[] }> {
    return this.deliveries.replayDead(id, new Date(body.from), new Date(body.to), body.limit ?? 500);
  }

  @Get(':id/deliveries/:deliveryId')
  @Roles('member')
  @ApiOperation({ summary: 'One delivery' })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiProblems('400', '404')
  delivery(@IdParam() id: string, @IdParam('deliveryId') deliveryId: string): Promise<Delivery> {
    return this.deliveries.get(id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Process a delivery again',
    description: 'Whatever its state: processors are idempotent, so a replay has the effect of one processing.',
  })
  @ApiAcceptedResponse({ type: DeliveryResponse })
  @ApiProblems('400', '404')
  replay(@IdParam() id: string, @IdParam('deliveryId') deliveryId: string): Promise<Delivery> {
    return this.deliveries.replay(id, deliveryId);
  }

  @Get(':id/health')
  @Roles('member')
  @ApiOperation({
    summary: 'Health over the last hour',
    description: 'Deliveries, failures, dead letters, processing lag (p50, p99, max) and the outbound circuit.',
  })
  @ApiOkResponse({ type: HealthResponse })
  @ApiProblems('400', '404')
  health(@IdParam() id: string): Promise<IntegrationHealth> {
    return this.deliveries.health(id);
  }

  @Get(':id/communications')
  @Roles('member')
  @ApiOperation({ summary: 'Every call to or from the platform', description: 'Inbound deliveries processed and outbound calls, newest first.' })
  @ApiPageResponse(CommunicationResponse)
  @ApiProblems('400', '404')
  communications(@IdParam() id: string, @Query() query: CommunicationListQuery): Promise<Page<Communication>> {
    return this.deliveries.communications(id, query);
  }

  @Post(':id/reconcile')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reconcile with GitHub now', description: 'What the scheduled `integrations-reconcile` job does, for this integration.' })
  @ApiOkResponse({ type: ReconcileResponse })
  @ApiProblems('400', '404', '422')
  async reconcile(@IdParam() id: string): Promise<{ listed: number; redelivered: number; replayed: number }> {
    const integration = await this.integrations.get(id);
    return this.reconciler.reconcile(integration.organizationId, integration.id);
  }
}

@ApiTags('Integrations')
@Controller('v1/components')
export class ComponentsController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles('member')
  @ApiOperation({
    summary: 'The external systems this organization talks to',
    description: 'Capabilities, health and response times, from every recorded communication.',
  })
  @ApiPageResponse(ComponentResponse)
  @ApiProblems('400')
  list(@Query() query: PageQuery): Promise<Page<Component>> {
    return this.deliveries.listComponents(query);
  }
}
