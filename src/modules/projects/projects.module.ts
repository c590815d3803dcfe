import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations';
import { AnalysesService } from './application/analyses.service';
import { AnalysisRunRepository } from './application/analysis-run.repository';
import { AnalysisRunner } from './application/analysis-runner';
import { BranchesService } from './application/branches.service';
import { CodeAnalyzer } from './application/code-analyzer';
import { ProjectDirectory } from './application/project-directory';
import { ProjectSummaryRegistry } from './application/project-summary.registry';
import { ProjectSummaryService } from './application/project-summary.service';
import { ProjectRepository } from './application/project.repository';
import { ProjectsService } from './application/projects.service';
import { RepositoriesService } from './application/repositories.service';
import { RepositoryRepository } from './application/repository.repository';
import { SourceTree } from './application/source-tree';
import { GitSourceTree } from './infrastructure/analysis/git-source-tree';
import { TreeSitterCodeAnalyzer } from './infrastructure/analysis/tree-sitter-analyzer';
import { AnalysesController } from './infrastructure/http/analyses.controller';
import { ProjectsController } from './infrastructure/http/projects.controller';
import { RepositoriesController } from './infrastructure/http/repositories.controller';
import { AnalysisJobs } from './infrastructure/jobs/analysis.jobs';
import { AnalysisRunEntity } from './infrastructure/persistence/analysis-run.entity';
import { AnalysisRunTypeormRepository } from './infrastructure/persistence/analysis-run.typeorm-repository';
import { BranchEntity } from './infrastructure/persistence/branch.entity';
import { ProjectRepositoryEntity } from './infrastructure/persistence/project-repository.entity';
import { ProjectEntity } from './infrastructure/persistence/project.entity';
import { ProjectTypeormRepository } from './infrastructure/persistence/project.typeorm-repository';
import { RepositoryEntity } from './infrastructure/persistence/repository.entity';
import { RepositoryTypeormRepository } from './infrastructure/persistence/repository.typeorm-repository';

/** 2.2 Projects & Repositories: projects and their lifecycle, repositories, branches, code analysis. */
@Module({
  imports: [
    DiscoveryModule,
    OrganizationsModule,
    TypeOrmModule.forFeature([ProjectEntity, RepositoryEntity, ProjectRepositoryEntity, BranchEntity, AnalysisRunEntity]),
  ],
  controllers: [ProjectsController, RepositoriesController, AnalysesController],
  providers: [
    ProjectDirectory,
    ProjectSummaryRegistry,
    ProjectSummaryService,
    ProjectsService,
    RepositoriesService,
    BranchesService,
    AnalysesService,
    AnalysisRunner,
    AnalysisJobs,
    { provide: ProjectRepository, useClass: ProjectTypeormRepository },
    { provide: RepositoryRepository, useClass: RepositoryTypeormRepository },
    { provide: AnalysisRunRepository, useClass: AnalysisRunTypeormRepository },
    { provide: SourceTree, useClass: GitSourceTree },
    { provide: CodeAnalyzer, useClass: TreeSitterCodeAnalyzer },
  ],
  exports: [ProjectDirectory, ProjectSummaryRegistry, BranchesService, RepositoriesService, ProjectsService],
})
export class ProjectsModule {}
