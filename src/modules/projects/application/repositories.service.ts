import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { ConfigType } from '@switchyard/config';
import { Actor, NotFoundError, Page, StaleVersionError, userIdOf } from '@switchyard/core';
import { OutboundGate } from '@switchyard/outbound';
import { AnalysisConfig, checkCloneUrl, cloneUrlHost, Provider, Repository, Visibility } from '../domain/repository';
import { CloneUrlRefusedError, PROJECTS, ProjectsNotFoundError, UnsupportedCloneUrlError } from '../domain/projects.errors';
import { ProjectRepository } from './project.repository';
import { RepositoryListQuery, RepositoryRepository } from './repository.repository';
import { analysisConfig } from '../projects.config';

export interface CreateRepository {
  provider: Provider;
  owner: string;
  name: string;
  description?: string;
  cloneUrl: string;
  defaultBranch?: string;
  visibility?: Visibility;
  externalId?: string | null;
  analysisConfig?: AnalysisConfig;
  projectIds?: string[];
}

export type UpdateRepository = Partial<Omit<CreateRepository, 'provider'>>;

@Injectable()
export class RepositoriesService {
  constructor(
    private readonly repositories: RepositoryRepository,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditTrail,
    private readonly outbound: OutboundGate,
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
  ) {}

  list(query: RepositoryListQuery): Promise<Page<Repository>> {
    return this.repositories.list(query);
  }

  async get(id: string): Promise<Repository> {
    const repository = await this.repositories.find(id);
    if (!repository) throw new NotFoundError(PROJECTS.REPOSITORY_NOT_FOUND, 'Repository', id);
    return repository;
  }

  async create(actor: Actor, input: CreateRepository): Promise<Repository> {
    this.assertCloneUrl(input.cloneUrl);
    const projectIds = await this.assertProjects(input.projectIds ?? []);
    const created = await this.repositories.insert({
      provider: input.provider,
      owner: input.owner,
      name: input.name,
      description: input.description ?? '',
      cloneUrl: input.cloneUrl,
      defaultBranch: input.defaultBranch ?? 'main',
      visibility: input.visibility ?? 'private',
      externalId: input.externalId ?? null,
      analysisConfig: input.analysisConfig ?? {},
      createdBy: userIdOf(actor) ?? null,
    });
    if (projectIds.length) await this.repositories.setProjects(created.id, projectIds);
    const repository = await this.get(created.id);
    await this.audit.record({ action: 'create', entityType: 'repository', entityId: repository.id, after: repository });
    return repository;
  }

  async update(id: string, expectedVersion: number, input: UpdateRepository): Promise<Repository> {
    const before = await this.get(id);
    if (before.version !== expectedVersion) throw new StaleVersionError('Repository', id, expectedVersion, before.version);
    if (input.cloneUrl !== undefined) this.assertCloneUrl(input.cloneUrl);
    const projectIds = input.projectIds && (await this.assertProjects(input.projectIds));
    const { projectIds: _links, ...changes } = input;
    const identity = {
      provider: before.provider,
      owner: input.owner ?? before.owner,
      name: input.name ?? before.name,
      externalId: input.externalId === undefined ? before.externalId : input.externalId,
    };
    const updated = await this.repositories.update(id, expectedVersion, changes, identity);
    if (!updated) throw new StaleVersionError('Repository', id, expectedVersion);
    if (projectIds) await this.repositories.setProjects(id, projectIds);
    const after = await this.get(id);
    await this.audit.record({ action: 'update', entityType: 'repository', entityId: id, before, after });
    return after;
  }

  async delete(id: string): Promise<void> {
    const repository = await this.get(id);
    await this.repositories.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'repository', entityId: id, before: repository });
  }

  /** Links a repository to a project (idempotent). */
  async link(projectId: string, repositoryId: string): Promise<Repository> {
    await this.assertProjects([projectId]);
    await this.get(repositoryId);
    if (await this.repositories.link(projectId, repositoryId)) {
      await this.audit.record({
        action: 'link',
        entityType: 'project_repository',
        entityId: `${projectId}:${repositoryId}`,
        after: { projectId, repositoryId },
      });
    }
    return this.get(repositoryId);
  }

  async unlink(projectId: string, repositoryId: string): Promise<void> {
    await this.assertProjects([projectId]);
    await this.get(repositoryId);
    if (!(await this.repositories.unlink(projectId, repositoryId)))
      throw new NotFoundError(PROJECTS.REPOSITORY_NOT_LINKED, 'Project repository link', `${projectId}:${repositoryId}`);
    await this.audit.record({
      action: 'unlink',
      entityType: 'project_repository',
      entityId: `${projectId}:${repositoryId}`,
      before: { projectId, repositoryId },
    });
  }

  /**
   * Refuses at once what is refused whatever DNS says: unsupported URLs, and hosts that are
   * addresses (any spelling) or localhost names on the operator's own network. A name that
   * resolves there is stopped by the gate when the analysis worker fetches.
   */
  private assertCloneUrl(url: string): void {
    const verdict = checkCloneUrl(url, this.config.allowLocalRepositories);
    if (!verdict.ok) throw new UnsupportedCloneUrlError(verdict.reason);
    const host = cloneUrlHost(url);
    if (host !== undefined && !this.outbound.checkHost(host).ok) throw new CloneUrlRefusedError(host);
  }

  /** Every id must be a project of this organization; another tenant's is simply unknown (404). */
  private async assertProjects(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = new Set(await this.projects.existing(unique));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) throw new ProjectsNotFoundError(missing);
    return unique;
  }
}
