import { Injectable } from '@nestjs/common';
import { ProjectRepository } from './project.repository';

/** What another module may know of a project. */
export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
}

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

  /** The project with this slug in the current organization, if any. */
  async findBySlug(slug: string): Promise<ProjectRef | undefined> {
    const project = await this.projects.findBySlug(slug);
    return project ? { id: project.id, slug: project.slug, name: project.name } : undefined;
  }
}
