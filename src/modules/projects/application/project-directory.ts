import { Injectable } from '@nestjs/common';
import { ProjectRepository } from './project.repository';

/**
 * What other modules may ask about projects (imported through the module's index): answers for
 * the current tenant only, so another organization's project simply does not exist.
 */
@Injectable()
export class ProjectDirectory {
  constructor(private readonly projects: ProjectRepository) {}

  /** True when the project exists in the current organization. */
  exists(projectId: string): Promise<boolean> {
    return this.projects.exists(projectId);
  }
}
