import { Injectable } from '@nestjs/common';
import { Actor, DomainError } from '@switchyard/core';
import { ClsService } from 'nestjs-cls';
import { BranchesService, ProjectDirectory, RepositoriesService } from '../../../projects';
import { ProjectsGateway } from '../../application/ports';

/** The projects module's front door, as the processors need it. */
@Injectable()
export class ProjectsGatewayAdapter extends ProjectsGateway {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly branches: BranchesService,
    private readonly cls: ClsService,
    private readonly directory: ProjectDirectory,
  ) {
    super();
  }

  async repositoryExists(id: string): Promise<boolean> {
    try {
      await this.repositories.get(id);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  }

  async registerRepository(input: Parameters<ProjectsGateway['registerRepository']>[0]): Promise<{ id: string; created: boolean }> {
    // Registered by hand earlier (or by another integration): found by provider, owner and name, never created twice.
    const page = await this.repositories.list({ limit: 100, sort: 'createdAt', provider: 'github', text: input.name });
    const existing = page.items.find(
      (repository) =>
        repository.externalId === input.externalId ||
        (repository.owner.toLowerCase() === input.owner.toLowerCase() && repository.name.toLowerCase() === input.name.toLowerCase()),
    );
    if (existing) return { id: existing.id, created: false };
    const created = await this.repositories.create(this.actor(), {
      provider: 'github',
      owner: input.owner,
      name: input.name,
      cloneUrl: input.cloneUrl,
      defaultBranch: input.defaultBranch,
      visibility: input.visibility,
      externalId: input.externalId,
      description: input.description?.slice(0, 2000),
      projectIds: input.projectIds,
    });
    return { id: created.id, created: true };
  }

  async moveBranch(repositoryId: string, branch: { name: string; headSha: string; pushedAt: Date }): Promise<{ applied: boolean; branchId: string }> {
    const result = await this.branches.upsert(repositoryId, { name: branch.name, headSha: branch.headSha, lastPushAt: branch.pushedAt });
    return { applied: result.applied, branchId: result.branch.id };
  }

  async deleteBranch(repositoryId: string, name: string): Promise<boolean> {
    try {
      await this.branches.delete(repositoryId, name);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  }

  projectExists(id: string): Promise<boolean> {
    return this.directory.exists(id);
  }

  async projectsOf(repositoryId: string): Promise<string[]> {
    return (await this.repositories.get(repositoryId)).projectIds;
  }

  private actor(): Actor {
    const actor = this.cls.get<Actor | undefined>('actor');
    if (!actor) throw new Error('No actor in the integration job context');
    return actor;
  }
}
