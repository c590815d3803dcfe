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
import { OrganizationsModule } from './modules/organizations';
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
    ImportsModule,
  ],
})
export class AppModule {}
