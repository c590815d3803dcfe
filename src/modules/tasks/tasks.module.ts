import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations';
import { ProjectsModule } from '../projects';
import { AgentDirectoryRegistry } from './application/agent-directory';
import { BulkTasksService } from './application/bulk-tasks.service';
import { ReadyQueueRepository } from './application/ready-queue.repository';
import { ReadyQueueService } from './application/ready-queue.service';
import { TaskChangeLog } from './application/task-change-log';
import { TaskHierarchyService } from './application/task-hierarchy.service';
import { TaskHistoryRepository } from './application/task-history.repository';
import { TaskImportRepository } from './application/task-import.repository';
import { TaskImportService } from './application/task-import.service';
import { TaskReferences } from './application/task-references';
import { TaskRelationRepository } from './application/task-relation.repository';
import { TaskRelationsService } from './application/task-relations.service';
import { TaskTreeRepository } from './application/task-tree.repository';
import { TaskRepository } from './application/task.repository';
import { TasksService } from './application/tasks.service';
import { WorkflowRepository } from './application/workflow.repository';
import { WorkflowsService } from './application/workflows.service';
import { BulkTasksController } from './infrastructure/http/bulk-tasks.controller';
import { ReadyQueueController } from './infrastructure/http/ready-queue.controller';
import { TaskHierarchyController, TaskRelationsController } from './infrastructure/http/task-graph.controller';
import { TasksController } from './infrastructure/http/tasks.controller';
import { TaskStatisticsJob } from './infrastructure/jobs/task-statistics.job';
import { WorkflowsController } from './infrastructure/http/workflows.controller';
import { OpenTasksSummaryContributor } from './infrastructure/persistence/open-tasks.contributor';
import { ReadyQueueSqlRepository } from './infrastructure/persistence/ready-queue.sql-repository';
import { TaskHistoryTypeormRepository } from './infrastructure/persistence/task-history.typeorm-repository';
import { TaskImportTypeormRepository } from './infrastructure/persistence/task-import.typeorm-repository';
import { TaskExternalIdEntity } from './infrastructure/persistence/task-external-id.entity';
import { TaskRelationTypeormRepository } from './infrastructure/persistence/task-relation.typeorm-repository';
import { TaskTreeTypeormRepository } from './infrastructure/persistence/task-tree.typeorm-repository';
import { TaskTypeormRepository } from './infrastructure/persistence/task.typeorm-repository';
import { WorkflowTypeormRepository } from './infrastructure/persistence/workflow.typeorm-repository';
import { TaskCounterEntity } from './infrastructure/persistence/task-counter.entity';
import { TaskHistoryEntity } from './infrastructure/persistence/task-history.entity';
import { TaskRelationEntity } from './infrastructure/persistence/task-relation.entity';
import { TaskEntity } from './infrastructure/persistence/task.entity';
import { WorkflowPhaseEntity } from './infrastructure/persistence/workflow-phase.entity';
import { WorkflowEntity } from './infrastructure/persistence/workflow.entity';

/** 2.3 Task Management: tasks and their hierarchy, relations, ready queue, history, workflows. */
@Module({
  imports: [
    DiscoveryModule,
    OrganizationsModule,
    ProjectsModule,
    TypeOrmModule.forFeature([TaskEntity, TaskCounterEntity, TaskRelationEntity, TaskHistoryEntity, TaskExternalIdEntity, WorkflowEntity, WorkflowPhaseEntity]),
  ],
  // Static routes (bulk, ready, claim) before the parameterized ones, for readers: the router prefers them anyway.
  controllers: [BulkTasksController, ReadyQueueController, TasksController, TaskHierarchyController, TaskRelationsController, WorkflowsController],
  providers: [
    TasksService,
    BulkTasksService,
    TaskHierarchyService,
    TaskRelationsService,
    ReadyQueueService,
    WorkflowsService,
    TaskReferences,
    AgentDirectoryRegistry,
    TaskChangeLog,
    OpenTasksSummaryContributor,
    TaskStatisticsJob,
    TaskImportService,
    { provide: TaskRepository, useClass: TaskTypeormRepository },
    { provide: TaskTreeRepository, useClass: TaskTreeTypeormRepository },
    { provide: TaskRelationRepository, useClass: TaskRelationTypeormRepository },
    { provide: ReadyQueueRepository, useClass: ReadyQueueSqlRepository },
    { provide: TaskHistoryRepository, useClass: TaskHistoryTypeormRepository },
    { provide: WorkflowRepository, useClass: WorkflowTypeormRepository },
    { provide: TaskImportRepository, useClass: TaskImportTypeormRepository },
  ],
  exports: [TasksService, ReadyQueueService, TaskImportService],
})
export class TasksModule {}
