import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects';
import { ExecutionEngine } from './application/execution-engine';
import { ExecutionRepository } from './application/execution.repository';
import { ExecutionsService } from './application/executions.service';
import { PipelineAnalyticsRepository, PipelineAnalyticsService } from './application/pipeline-analytics.service';
import { PipelineDefinitionRepository } from './application/pipeline-definition.repository';
import { PipelineEventsService } from './application/pipeline-events.service';
import { PipelinesService } from './application/pipelines.service';
import { RunnerApiService } from './application/runner-api.service';
import { RunnerRepository, WorkSignal } from './application/runner.repository';
import { RunnersService } from './application/runners.service';
import { StepQueueRepository } from './application/step-queue.repository';
import { ExecutionsController } from './infrastructure/http/executions.controller';
import { PipelinesController } from './infrastructure/http/pipelines.controller';
import { RunnerApiController } from './infrastructure/http/runner-api.controller';
import { RunnersController } from './infrastructure/http/runners.controller';
import { PipelineJobs } from './infrastructure/jobs/pipelines.jobs';
import { PipelineAnalyticsSqlRepository } from './infrastructure/persistence/analytics.sql-repository';
import { ExecutionSqlRepository } from './infrastructure/persistence/execution.sql-repository';
import { PipelineDefinitionEntity, PipelineDefinitionVersionEntity } from './infrastructure/persistence/pipeline-definition.entity';
import { PipelineDefinitionTypeormRepository } from './infrastructure/persistence/pipeline-definition.typeorm-repository';
import {
  PipelineExecutionEntity,
  PipelineStepExecutionEntity,
  PipelineStepLogEntity,
  PipelineStepQueueEntity,
} from './infrastructure/persistence/pipeline-execution.entity';
import {
  PipelineArtifactEntity,
  PipelineConcurrencyGroupEntity,
  PipelineExecutionTaskEntity,
  PipelineExternalRunEntity,
} from './infrastructure/persistence/pipeline-links.entity';
import { PipelineRunnerEntity } from './infrastructure/persistence/pipeline-runner.entity';
import { PipelineRunnerTypeormRepository } from './infrastructure/persistence/pipeline-runner.typeorm-repository';
import { PipelineSuccessSummaryContributor } from './infrastructure/persistence/pipeline-success.contributor';
import { StepQueueSqlRepository } from './infrastructure/persistence/step-queue.sql-repository';
import { PgWorkSignal } from './infrastructure/persistence/work-signal';
import { AuditTrailPipelineAudit, EventLogPipelineFacts, TenantUnitOfWork } from './infrastructure/persistence/platform-ports';
import { PipelineAudit, PipelineFacts, UnitOfWork } from './application/ports';

/** 2.4 CI/CD Pipelines: definitions (versioned), executions and steps (partitioned), runners and their API, scheduling, analytics. */
@Module({
  imports: [
    ProjectsModule,
    TypeOrmModule.forFeature([
      PipelineDefinitionEntity,
      PipelineDefinitionVersionEntity,
      PipelineRunnerEntity,
      PipelineExecutionEntity,
      PipelineStepExecutionEntity,
      PipelineStepQueueEntity,
      PipelineStepLogEntity,
      PipelineArtifactEntity,
      PipelineExecutionTaskEntity,
      PipelineExternalRunEntity,
      PipelineConcurrencyGroupEntity,
    ]),
  ],
  controllers: [PipelinesController, ExecutionsController, RunnersController, RunnerApiController],
  providers: [
    PipelinesService,
    ExecutionsService,
    ExecutionEngine,
    PipelineEventsService,
    RunnersService,
    RunnerApiService,
    PipelineAnalyticsService,
    PipelineJobs,
    PipelineSuccessSummaryContributor,
    { provide: PipelineDefinitionRepository, useClass: PipelineDefinitionTypeormRepository },
    { provide: ExecutionRepository, useClass: ExecutionSqlRepository },
    { provide: StepQueueRepository, useClass: StepQueueSqlRepository },
    { provide: RunnerRepository, useClass: PipelineRunnerTypeormRepository },
    { provide: PipelineAnalyticsRepository, useClass: PipelineAnalyticsSqlRepository },
    { provide: WorkSignal, useClass: PgWorkSignal },
    { provide: PipelineAudit, useClass: AuditTrailPipelineAudit },
    { provide: UnitOfWork, useClass: TenantUnitOfWork },
    { provide: PipelineFacts, useClass: EventLogPipelineFacts },
  ],
  exports: [PipelineEventsService, ExecutionsService],
})
export class PipelinesModule {}
