import { Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { ProjectRepository } from './project.repository';
import { ProjectsService } from './projects.service';

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
  constructor(
    private readonly projects: ProjectRepository,
    private readonly service: ProjectsService,
  ) {}

  /** True when the project exists in the current organization. */
  exists(projectId: string): Promise<boolean> {
    return this.projects.exists(projectId);
  }

  /** The project with this slug in the current organization, if any. */
  async findBySlug(slug: string): Promise<ProjectRef | undefined> {
    const project = await this.projects.findBySlug(slug);
    return project ? { id: project.id, slug: project.slug, name: project.name } : undefined;
  }

  /** Creates a project (in `planning`) under the same rules as POST /v1/projects: limits, slug uniqueness, audit. */
  async create(actor: Actor, input: { name: string; slug: string; description?: string }): Promise<ProjectRef> {
    const project = await this.service.create(actor, input);
    return { id: project.id, slug: project.slug, name: project.name };
  }
}
