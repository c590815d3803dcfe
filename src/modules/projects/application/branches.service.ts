import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { NotFoundError, Page } from '@switchyard/core';
import { Branch } from '../domain/repository';
import { BranchListQuery, BranchUpsert, RepositoryRepository } from './repository.repository';
import { PROJECTS } from '../domain/projects.errors';

@Injectable()
export class BranchesService {
  constructor(
    private readonly repositories: RepositoryRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Creates or moves a branch; this is what push events call. */
  async upsert(repositoryId: string, input: BranchUpsert): Promise<{ branch: Branch; created: boolean; applied: boolean }> {
    await this.assertRepository(repositoryId);
    const { branch, created, applied, before } = await this.repositories.upsertBranch(repositoryId, input);
    if (applied) {
      await this.audit.record({ action: created ? 'create' : 'update', entityType: 'branch', entityId: branch.id, before: before ?? null, after: branch });
    }
    return { branch, created, applied };
  }

  async list(repositoryId: string, query: BranchListQuery): Promise<Page<Branch>> {
    await this.assertRepository(repositoryId);
    return this.repositories.listBranches(repositoryId, query);
  }

  async get(repositoryId: string, name: string): Promise<Branch> {
    await this.assertRepository(repositoryId);
    const branch = await this.repositories.findBranch(repositoryId, name);
    if (!branch) throw new NotFoundError(PROJECTS.BRANCH_NOT_FOUND, 'Branch', name);
    return branch;
  }

  async delete(repositoryId: string, name: string): Promise<void> {
    const branch = await this.get(repositoryId, name);
    await this.repositories.deleteBranch(repositoryId, name);
    await this.audit.record({ action: 'delete', entityType: 'branch', entityId: branch.id, before: branch });
  }

  private async assertRepository(id: string): Promise<void> {
    if (!(await this.repositories.exists(id))) throw new NotFoundError(PROJECTS.REPOSITORY_NOT_FOUND, 'Repository', id);
  }
}
