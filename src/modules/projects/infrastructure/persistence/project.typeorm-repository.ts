import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { containsPattern, entitiesFromRows, TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetSort, SortColumn, toPage } from '@switchyard/http';
import { In } from 'typeorm';
import { NewProject, ProjectChanges, ProjectListQuery, ProjectRepository } from '../../application/project.repository';
import { Project } from '../../domain/project';
import { LeadNotMemberError, SlugTakenError } from '../../domain/projects.errors';
import { ProjectRepositoryEntity } from './project-repository.entity';
import { ProjectEntity } from './project.entity';
import { LOCK_PROJECT_CREATION } from './project.sql';

const SORT_COLUMNS: Record<string, SortColumn> = {
  createdAt: { column: 'p.created_at', type: 'timestamptz' },
  updatedAt: { column: 'p.updated_at', type: 'timestamptz' },
  name: { column: 'p.name', type: 'text' },
};

@Injectable()
export class ProjectTypeormRepository extends ProjectRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(ProjectEntity);
  }

  private get org(): string {
    return this.transaction.organizationId;
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ organizationId: this.org, id });
  }

  async find(id: string): Promise<Project | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.org, id });
    return row ? toProject(row) : undefined;
  }

  async findBySlug(slug: string): Promise<Project | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.org, slug });
    return row ? toProject(row) : undefined;
  }

  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.repo.find({ select: { id: true }, where: { organizationId: this.org, id: In(ids) } });
    return rows.map((row) => row.id);
  }

  async list(query: ProjectListQuery): Promise<Page<Project>> {
    const sort = keysetSort(query.sort, SORT_COLUMNS, 'p.id');
    const builder = this.repo
      .createQueryBuilder('p')
      // In parentheses: a bare `p.name` would be taken for the entity's column and moved to this alias.
      .addSelect(`(${sort.cursorValue})`, 'cursor_value')
      .where('p.organization_id = :org', { org: this.org })
      .limit(query.limit + 1);
    if (query.status?.length) builder.andWhere('p.status IN (:...status)', { status: query.status });
    if (query.leadId) builder.andWhere('p.lead_id = :leadId', { leadId: query.leadId });
    if (query.tag) builder.andWhere('p.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    if (query.text) builder.andWhere('(p.name ILIKE :text OR p.slug ILIKE :text OR p.description ILIKE :text)', { text: containsPattern(query.text) });
    if (query.cursor) {
      const after = sort.afterNamed(query.cursor);
      builder.andWhere(after.condition, after.parameters);
    }
    for (const [column, direction] of sort.orderKeys) builder.addOrderBy(column, direction);
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_value: string }>();
    const rows = entities.map((project, index) => ({ project, id: project.id, cursor_value: raw[index].cursor_value }));
    const page = toPage(rows, query.limit, sort.cursorOf);
    return { items: page.items.map((row) => toProject(row.project)), nextCursor: page.nextCursor };
  }

  async repositoryLinks(projectIds: string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>(projectIds.map((id) => [id, []]));
    if (projectIds.length === 0) return links;
    const rows = await this.transaction.manager.getRepository(ProjectRepositoryEntity).find({
      select: { projectId: true, repositoryId: true },
      where: { organizationId: this.org, projectId: In(projectIds) },
      order: { projectId: 'ASC', repositoryId: 'ASC' },
    });
    for (const row of rows) links.get(row.projectId)!.push(row.repositoryId);
    return links;
  }

  count(): Promise<number> {
    return this.repo.countBy({ organizationId: this.org });
  }

  async lockCreation(): Promise<void> {
    await this.transaction.query(LOCK_PROJECT_CREATION, [this.org]);
  }

  async insert(project: NewProject): Promise<Project> {
    // Every column the table would default is given or answered by the insert's RETURNING.
    const { name, slug, description, status, leadId, tags, settings, startDate, targetDate, createdBy } = project;
    const row = this.repo.create({
      organizationId: this.org,
      ...{ name, slug, description, status, leadId, tags, settings, startDate, targetDate, createdBy },
      archivedAt: null,
    });
    try {
      await this.repo.insert(row);
    } catch (error) {
      throw translate(error, project.slug, project.leadId);
    }
    return toProject(row);
  }

  async update(id: string, expectedVersion: number, changes: ProjectChanges): Promise<Project | undefined> {
    try {
      const result = await this.repo
        .createQueryBuilder()
        .update()
        // TypeORM leaves undefined changes out of the SET (null is a change: it clears the column).
        .set({ ...changes, version: () => 'version + 1' })
        .where('organization_id = :org AND id = :id AND version = :expectedVersion', { org: this.org, id, expectedVersion })
        .returning('*')
        .execute();
      const [row] = entitiesFromRows(this.transaction.manager, ProjectEntity, result.raw as Record<string, unknown>[]);
      return row && toProject(row);
    } catch (error) {
      throw translate(error, changes.slug, changes.leadId);
    }
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.repo.delete({ organizationId: this.org, id });
    return (result.affected ?? 0) > 0;
  }
}

function translate(error: unknown, slug?: string, leadId?: string | null): unknown {
  if (violatedConstraint(error, '23505') === 'projects_organization_slug_key' && slug) return new SlugTakenError(slug);
  if (violatedConstraint(error, '23503') === 'projects_lead_membership_fkey' && leadId) return new LeadNotMemberError(leadId);
  return error;
}

function toProject(row: ProjectEntity): Project {
  const { id, organizationId, name, slug, description, status, leadId, tags, settings, startDate, targetDate } = row;
  const { statusChangedAt, archivedAt, createdBy, version, createdAt, updatedAt } = row;
  return {
    id,
    organizationId,
    name,
    slug,
    description,
    status,
    leadId,
    tags,
    settings,
    startDate,
    targetDate,
    statusChangedAt,
    archivedAt,
    createdBy,
    version,
    createdAt,
    updatedAt,
  };
}
