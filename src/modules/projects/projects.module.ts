import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProjectDirectory } from './application/project-directory';
import { ProjectSummaryRegistry } from './application/project-summary.registry';
import { ProjectRepository } from './application/project.repository';
import { ProjectTypeormRepository } from './infrastructure/persistence/project.typeorm-repository';

/** 2.2 Projects & Repositories: projects and their lifecycle, repositories, branches, code analysis. */
@Module({
  imports: [DiscoveryModule],
  providers: [ProjectDirectory, ProjectSummaryRegistry, { provide: ProjectRepository, useClass: ProjectTypeormRepository }],
  exports: [ProjectDirectory, ProjectSummaryRegistry],
})
export class ProjectsModule {}
