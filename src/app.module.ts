import { Module } from '@nestjs/common';
import { AuditModule } from '@switchyard/audit';
import { AuthModule } from '@switchyard/auth';
import { SwitchyardConfigModule } from '@switchyard/config';
import { CryptoModule } from '@switchyard/crypto';
import { DatabaseModule } from '@switchyard/database';
import { EventsModule } from '@switchyard/events';
import { IdempotencyModule } from '@switchyard/http';
import { JobsModule } from '@switchyard/jobs';
import { ObservabilityModule } from '@switchyard/observability';
import { OutboundModule } from '@switchyard/outbound';
import { HealthModule } from './health/health.module';
import { AnalyticsModule } from './modules/analytics';
import { AgentsModule } from './modules/agents';
import { IntegrationsModule } from './modules/integrations';
import { OrganizationsModule } from './modules/organizations';
import { PipelinesModule } from './modules/pipelines';
import { ProjectsModule } from './modules/projects';
import { TasksModule } from './modules/tasks';
import { ImportsModule } from './modules/imports';

@Module({
  imports: [
    SwitchyardConfigModule.forRoot(),
    DatabaseModule,
    AuthModule,
    AuditModule,
    CryptoModule,
    EventsModule,
    IdempotencyModule,
    JobsModule,
    ObservabilityModule,
    OutboundModule,
    HealthModule,
    OrganizationsModule,
    ProjectsModule,
    TasksModule,
    PipelinesModule,
    AgentsModule,
    IntegrationsModule,
    AnalyticsModule,
    ImportsModule,
  ],
})
export class AppModule {}
