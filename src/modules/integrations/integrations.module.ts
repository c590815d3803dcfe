import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelinesModule } from '../pipelines';
import { ProjectsModule } from '../projects';
import { TasksModule } from '../tasks';
import { ComponentRegistry } from './application/component.registry';
import { DeliveriesService } from './application/deliveries.service';
import { DeliveryProcessor, PlatformProcessors } from './application/delivery-processor';
import { DeliveryRepository } from './application/delivery.repository';
import { GithubProcessor } from './application/github.processor';
import { IntegrationNotifier } from './application/integration-notifier';
import { IntegrationRepository } from './application/integration.repository';
import { IntegrationsService } from './application/integrations.service';
import { LinearProcessor } from './application/linear.processor';
import { MappingRepository } from './application/mapping.repository';
import { NotificationReactions } from './application/notification-reactions';
import { OutboundDispatcher } from './application/outbound-dispatcher';
import { PipelinesGateway } from './application/pipelines.gateway';
import {
  CallBudget,
  IntegrationAudit,
  IntegrationEvents,
  PlatformApi,
  ProjectsGateway,
  TasksGateway,
  TenantContext,
  WebhookMetrics,
  WorkQueue,
} from './application/ports';
import { ProcessorRegistry } from './application/processor-registry';
import { LinearSync, Reconciler } from './application/reconciler';
import { SlackProcessor } from './application/slack.processor';
import { WebhookReceiver } from './application/webhook-receiver.service';
import { CallBudgetAdapter } from './infrastructure/adapters/call-budget.adapter';
import { IntegrationAuditAdapter } from './infrastructure/adapters/integration-audit.adapter';
import { IntegrationEventsAdapter } from './infrastructure/adapters/integration-events.adapter';
import { PipelinesGatewayAdapter } from './infrastructure/adapters/pipelines.gateway.adapter';
import { ProjectsGatewayAdapter } from './infrastructure/adapters/projects.gateway.adapter';
import { TasksGatewayAdapter } from './infrastructure/adapters/tasks.gateway.adapter';
import { TenantContextAdapter } from './infrastructure/adapters/tenant-context.adapter';
import { WebhookMetricsAdapter } from './infrastructure/adapters/webhook-metrics.adapter';
import { WorkQueueAdapter } from './infrastructure/adapters/work-queue.adapter';
import { ComponentsController, IntegrationsController } from './infrastructure/http/integrations.controller';
import { WebhooksController } from './infrastructure/http/webhooks.controller';
import { IntegrationsJobs } from './infrastructure/jobs/integrations.jobs';
import { ComponentCommunicationEntity } from './infrastructure/persistence/component-communication.entity';
import { ComponentEntity } from './infrastructure/persistence/component.entity';
import { ComponentTypeormRepository } from './infrastructure/persistence/component.typeorm-repository';
import { ExternalMappingEntity } from './infrastructure/persistence/external-mapping.entity';
import { ExternalMappingTypeormRepository } from './infrastructure/persistence/external-mapping.typeorm-repository';
import { IntegrationEntity } from './infrastructure/persistence/integration.entity';
import { IntegrationTypeormRepository } from './infrastructure/persistence/integration.typeorm-repository';
import { WebhookDeliveryKeyEntity } from './infrastructure/persistence/webhook-delivery-key.entity';
import { WebhookDeliveryEntity } from './infrastructure/persistence/webhook-delivery.entity';
import { WebhookDeliveryTypeormRepository } from './infrastructure/persistence/webhook-delivery.typeorm-repository';
import { PlatformApiHttp } from './infrastructure/platforms/platform-api.http';

/** 2.6 Platform Integrations: GitHub, Linear and Slack webhooks, the external ↔ internal mapping, components and their communications. */
@Module({
  imports: [
    PipelinesModule,
    ProjectsModule,
    TasksModule,
    TypeOrmModule.forFeature([
      IntegrationEntity,
      WebhookDeliveryKeyEntity,
      WebhookDeliveryEntity,
      ExternalMappingEntity,
      ComponentEntity,
      ComponentCommunicationEntity,
    ]),
  ],
  controllers: [WebhooksController, IntegrationsController, ComponentsController],
  providers: [
    IntegrationsService,
    DeliveriesService,
    WebhookReceiver,
    DeliveryProcessor,
    OutboundDispatcher,
    IntegrationNotifier,
    NotificationReactions,
    Reconciler,
    LinearSync,
    GithubProcessor,
    LinearProcessor,
    SlackProcessor,
    IntegrationsJobs,
    { provide: PlatformProcessors, useClass: ProcessorRegistry },
    { provide: IntegrationRepository, useClass: IntegrationTypeormRepository },
    { provide: DeliveryRepository, useClass: WebhookDeliveryTypeormRepository },
    { provide: MappingRepository, useClass: ExternalMappingTypeormRepository },
    { provide: ComponentRegistry, useClass: ComponentTypeormRepository },
    { provide: TenantContext, useClass: TenantContextAdapter },
    { provide: WorkQueue, useClass: WorkQueueAdapter },
    { provide: WebhookMetrics, useClass: WebhookMetricsAdapter },
    { provide: IntegrationAudit, useClass: IntegrationAuditAdapter },
    { provide: IntegrationEvents, useClass: IntegrationEventsAdapter },
    { provide: CallBudget, useClass: CallBudgetAdapter },
    { provide: ProjectsGateway, useClass: ProjectsGatewayAdapter },
    { provide: TasksGateway, useClass: TasksGatewayAdapter },
    { provide: PipelinesGateway, useClass: PipelinesGatewayAdapter },
    { provide: PlatformApi, useClass: PlatformApiHttp },
  ],
  exports: [IntegrationNotifier],
})
export class IntegrationsModule {}
