import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { containsPattern, entitiesFromRows, TenantTransaction, violatedConstraint } from '@switchyard/database';
import { decodeCursor, keysetSort, SortColumn, toPage } from '@switchyard/http';
import { Not, In, SelectQueryBuilder } from 'typeorm';
import {
  BranchListQuery,
  BranchUpsert,
  NewRepository,
  RepositoryChanges,
  RepositoryIdentity,
  RepositoryListQuery,
  RepositoryRepository,
} from '../../application/repository.repository';
import { ExternalIdTakenError, ProjectsNotFoundError, RepositoryExistsError } from '../../domain/projects.errors';
import { Branch, Repository } from '../../domain/repository';
import { BranchEntity } from './branch.entity';
import { ProjectRepositoryEntity } from './project-repository.entity';
import { RepositoryEntity } from './repository.entity';
import { PROJECT_IDS_OF_REPOSITORY, UPSERT_BRANCH } from './repository.sql';

const SORT_COLUMNS: Record<string, SortColumn> = {
  createdAt: { column: 'r.created_at', type: 'timestamptz' },
  updatedAt: { column: 'r.updated_at', type: 'timestamptz' },
  name: { column: 'r.name', type: 'text' },
};

type RepositoryRaw = { project_ids: string[]; cursor_value?: string };

@Injectable()
export class RepositoryTypeormRepository extends RepositoryRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(RepositoryEntity);
  }

  private get links() {
    return this.transaction.manager.getRepository(ProjectRepositoryEntity);
  }

  private get branches() {
    return this.transaction.manager.getRepository(BranchEntity);
  }

  private get org(): string {
    return this.transaction.organizationId;
  }

  /** Repositories of the tenant with their project ids, in the same round trip. */
  private select(): SelectQueryBuilder<RepositoryEntity> {
    return this.repo.createQueryBuilder('r').addSelect(PROJECT_IDS_OF_REPOSITORY, 'project_ids').where('r.organization_id = :org', { org: this.org });
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ organizationId: this.org, id });
  }

  async find(id: string): Promise<Repository | undefined> {
    const { entities, raw } = await this.select().andWhere('r.id = :id', { id }).getRawAndEntities<RepositoryRaw>();
    return entities.length ? toRepository(entities[0], raw[0].project_ids) : undefined;
  }

  async list(query: RepositoryListQuery): Promise<Page<Repository>> {
    const sort = keysetSort(query.sort, SORT_COLUMNS, 'r.id');
    const builder = this.select()
      // In parentheses: a bare `r.name` would be taken for the entity's column and moved to this alias.
      .addSelect(`(${sort.cursorValue})`, 'cursor_value')
      .limit(query.limit + 1);
    if (query.provider) builder.andWhere('r.provider = :provider', { provider: query.provider });
    if (query.visibility) builder.andWhere('r.visibility = :visibility', { visibility: query.visibility });
    if (query.projectId) {
      // One link per (project, repository): the join cannot repeat a repository.
      builder.innerJoin(ProjectRepositoryEntity, 'pr', 'pr.organization_id = r.organization_id AND pr.repository_id = r.id AND pr.project_id = :projectId', {
        projectId: query.projectId,
      });
    }
    if (query.text) {
      builder.andWhere(`(r.owner ILIKE :text OR r.name ILIKE :text OR (r.owner || '/' || r.name) ILIKE :text)`, { text: containsPattern(query.text) });
    }
    if (query.cursor) {
      const after = sort.afterNamed(query.cursor);
      builder.andWhere(after.condition, after.parameters);
    }
    for (const [column, direction] of sort.orderKeys) builder.addOrderBy(column, direction);
    const { entities, raw } = await builder.getRawAndEntities<RepositoryRaw>();
    const rows = entities.map((entity, index) => ({
      id: entity.id,
      cursor_value: raw[index].cursor_value!,
      repository: toRepository(entity, raw[index].project_ids),
    }));
    const page = toPage(rows, query.limit, sort.cursorOf);
    return { items: page.items.map((row) => row.repository), nextCursor: page.nextCursor };
  }

  async insert(repository: NewRepository): Promise<Repository> {
    // Every column the table would default is given or answered by the insert's RETURNING.
    const { provider, owner, name, description, cloneUrl, defaultBranch, visibility, externalId, analysisConfig, createdBy } = repository;
    const row = this.repo.create({
      organizationId: this.org,
      ...{ provider, owner, name, description, cloneUrl, defaultBranch, visibility, externalId, analysisConfig, createdBy },
      lastAnalyzedAt: null,
      lastScheduledAt: null,
    });
    try {
      await this.repo.insert(row);
    } catch (error) {
      throw translate(error, repository);
    }
    return toRepository(row, []);
  }

  async update(id: string, expectedVersion: number, changes: RepositoryChanges, identity: RepositoryIdentity): Promise<boolean> {
    try {
      const result = await this.repo
        .createQueryBuilder()
        .update()
        // TypeORM leaves undefined changes out of the SET (null is a change: it clears the column).
        .set({ ...changes, version: () => 'version + 1' })
        .where('organization_id = :org AND id = :id AND version = :expectedVersion', { org: this.org, id, expectedVersion })
        .execute();
      return (result.affected ?? 0) > 0;
    } catch (error) {
      throw translate(error, identity);
    }
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ organizationId: this.org, id });
    return (result.affected ?? 0) > 0;
  }

  async setProjects(repositoryId: string, projectIds: string[]): Promise<void> {
    await this.links.delete({ organizationId: this.org, repositoryId, ...(projectIds.length ? { projectId: Not(In(projectIds)) } : {}) });
    if (projectIds.length === 0) return;
    try {
      await this.links
        .createQueryBuilder()
        .insert()
        .values(projectIds.map((projectId) => ({ organizationId: this.org, projectId, repositoryId })))
        .orIgnore()
        .execute();
    } catch (error) {
      if (violatedConstraint(error, '23503') === 'project_repositories_project_fkey') throw new ProjectsNotFoundError(projectIds);
      throw error;
    }
  }

  async link(projectId: string, repositoryId: string): Promise<boolean> {
    const result = await this.links
      .createQueryBuilder()
      .insert()
      .values({ organizationId: this.org, projectId, repositoryId })
      .orIgnore()
      .returning('project_id')
      .execute();
    // ON CONFLICT DO NOTHING returns no row when the link was already there.
    return (result.raw as unknown[]).length > 0;
  }

  async unlink(projectId: string, repositoryId: string): Promise<boolean> {
    const result = await this.links.delete({ organizationId: this.org, projectId, repositoryId });
    return (result.affected ?? 0) > 0;
  }

  async markAnalyzed(repositoryId: string, at: Date): Promise<void> {
    // Not a user edit: the version (optimistic concurrency of edits) stays.
    await this.repo
      .createQueryBuilder()
      .update()
      .set({ lastAnalyzedAt: () => 'greatest(last_analyzed_at, :at)' })
      .where('organization_id = :org AND id = :id', { org: this.org, id: repositoryId, at })
      .execute();
  }

  async markScheduled(repositoryId: string, at: Date): Promise<void> {
    // Not a user edit either: the version stays.
    await this.repo.update({ organizationId: this.org, id: repositoryId }, { lastScheduledAt: at });
  }

  async upsertBranch(repositoryId: string, branch: BranchUpsert): Promise<{ branch: Branch; created: boolean; applied: boolean; before?: Branch }> {
    const before = await this.findBranch(repositoryId, branch.name);
    const rows = await this.transaction.query(UPSERT_BRANCH, [
      this.org,
      repositoryId,
      branch.name,
      branch.headSha ?? null,
      branch.protected ?? null,
      branch.lastPushAt ?? null,
      branch.headSha !== undefined,
    ]);
    const [row] = entitiesFromRows(this.transaction.manager, BranchEntity, rows);
    if (!row) return { branch: before!, created: false, applied: false, before };
    return { branch: toBranch(row), created: rows[0].inserted === true, applied: true, before };
  }

  async findBranch(repositoryId: string, name: string): Promise<Branch | undefined> {
    const row = await this.branches.findOneBy({ organizationId: this.org, repositoryId, name });
    return row ? toBranch(row) : undefined;
  }

  async listBranches(repositoryId: string, query: BranchListQuery): Promise<Page<Branch>> {
    const builder = this.branches
      .createQueryBuilder('b')
      .where('b.organization_id = :org AND b.repository_id = :repositoryId', { org: this.org, repositoryId })
      .orderBy('b.name', 'ASC')
      .limit(query.limit + 1);
    if (query.protected !== undefined) builder.andWhere('b.protected = :protected', { protected: query.protected });
    if (query.prefix) builder.andWhere('starts_with(b.name, :prefix)', { prefix: query.prefix });
    if (query.cursor) {
      const [name] = decodeCursor(query.cursor, 1);
      builder.andWhere('b.name > :after', { after: name });
    }
    const page = toPage(await builder.getMany(), query.limit, (last) => [last.name]);
    return { items: page.items.map(toBranch), nextCursor: page.nextCursor };
  }

  async deleteBranch(repositoryId: string, name: string): Promise<boolean> {
    const result = await this.branches.delete({ organizationId: this.org, repositoryId, name });
    return (result.affected ?? 0) > 0;
  }
}

function translate(error: unknown, repository: RepositoryIdentity): unknown {
  const unique = violatedConstraint(error, '23505');
  if (unique === 'repositories_provider_owner_name_key') return new RepositoryExistsError(repository.provider, repository.owner, repository.name);
  if (unique === 'repositories_provider_external_id_key') return new ExternalIdTakenError(repository.provider, repository.externalId ?? '');
  return error;
}

function toRepository(row: RepositoryEntity, projectIds: string[]): Repository {
  const { id, organizationId, provider, owner, name, description, cloneUrl, defaultBranch, visibility, externalId, analysisConfig } = row;
  const { lastAnalyzedAt, createdBy, version, createdAt, updatedAt } = row;
  return {
    id,
    organizationId,
    provider,
    owner,
    name,
    description,
    cloneUrl,
    defaultBranch,
    visibility,
    externalId,
    analysisConfig,
    projectIds,
    lastAnalyzedAt,
    createdBy,
    version,
    createdAt,
    updatedAt,
  };
}

function toBranch(row: BranchEntity): Branch {
  const { id, repositoryId, name, headSha, protected: isProtected, lastPushAt, version, createdAt, updatedAt } = row;
  return { id, repositoryId, name, headSha, protected: isProtected, lastPushAt, version, createdAt, updatedAt };
}
