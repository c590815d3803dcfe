// The public face of Projects & Repositories: what other modules may import.
// Integrations: push events move branch heads, installation events register repositories.
export { BranchesService } from './application/branches.service';
export { RepositoriesService } from './application/repositories.service';
export type { CreateRepository } from './application/repositories.service';
export type { Repository } from './domain/repository';
export { ProjectDirectory } from './application/project-directory';
export { ProjectsService } from './application/projects.service';
export type { ProjectRef } from './application/project-directory';
export { ProjectSummaryContributor } from './application/project-summary-contributor';
export { ProjectSummaryRegistry } from './application/project-summary.registry';
export { PROJECT_STATUSES } from './domain/project';
export type { Project, ProjectStatus } from './domain/project';
export { ProjectsModule } from './projects.module';
