import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations';
import { TasksModule } from '../tasks';
import { AgentProviders } from './application/agent-provider';
import { AgentRunRepository } from './application/agent-run.repository';
import { AgentRunsService } from './application/agent-runs.service';
import { AgentRepository } from './application/agent.repository';
import { AgentsService } from './application/agents.service';
import { AgentAudit, AgentEvents, CredentialSealer, OrganizationLimitsReader, RunScheduler, TaskBoard } from './application/collaborators';
import { ProviderAccounts } from './application/provider-accounts';
import { RunExecutor } from './application/run-executor';
import {
  AgentsAssigneeDirectory,
  AuditTrailAgentAudit,
  JobQueueRunScheduler,
  EventLogAgentEvents,
  OrganizationLimitsAdapter,
  SecretBoxSealer,
  TasksBoard,
} from './infrastructure/adapters/collaborators.adapters';
import { AgentRunsController } from './infrastructure/http/agent-runs.controller';
import { AgentsController } from './infrastructure/http/agents.controller';
import { AgentRunsJob } from './infrastructure/jobs/agent-runs.job';
import { AgentCredentialEntity } from './infrastructure/persistence/agent-credential.entity';
import { AgentRunEntity } from './infrastructure/persistence/agent-run.entity';
import { AgentRunTypeormRepository } from './infrastructure/persistence/agent-run.typeorm-repository';
import { AgentEntity } from './infrastructure/persistence/agent.entity';
import { AgentTypeormRepository } from './infrastructure/persistence/agent.typeorm-repository';
import { ProviderAccountSqlRepository } from './infrastructure/persistence/provider-account.sql-repository';
import { ProviderAccountEntity } from './infrastructure/persistence/provider-account.entity';
import { RegisteredAgentProviders } from './infrastructure/providers/agent-providers';
import { CodegenClient } from './infrastructure/providers/codegen.client';

/** 2.5 AI Agents: the registry, runs at the provider (Codegen), capability matching, budgets and limits, analytics. */
@Module({
  imports: [OrganizationsModule, TasksModule, TypeOrmModule.forFeature([AgentEntity, AgentCredentialEntity, AgentRunEntity, ProviderAccountEntity])],
  controllers: [AgentsController, AgentRunsController],
  providers: [
    AgentsService,
    AgentRunsService,
    RunExecutor,
    AgentRunsJob,
    CodegenClient,
    AgentsAssigneeDirectory,
    { provide: AgentRepository, useClass: AgentTypeormRepository },
    { provide: AgentRunRepository, useClass: AgentRunTypeormRepository },
    { provide: ProviderAccounts, useClass: ProviderAccountSqlRepository },
    { provide: AgentProviders, useClass: RegisteredAgentProviders },
    { provide: TaskBoard, useClass: TasksBoard },
    { provide: OrganizationLimitsReader, useClass: OrganizationLimitsAdapter },
    { provide: CredentialSealer, useClass: SecretBoxSealer },
    { provide: RunScheduler, useClass: JobQueueRunScheduler },
    { provide: AgentAudit, useClass: AuditTrailAgentAudit },
    { provide: AgentEvents, useClass: EventLogAgentEvents },
  ],
  exports: [AgentsService, AgentRunsService],
})
export class AgentsModule {}
