import { Injectable } from '@nestjs/common';
import { DomainError, Page } from '@switchyard/core';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { IsNull } from 'typeorm';
import {
  DefinitionListQuery,
  DefinitionVersion,
  NewDefinition,
  PipelineDefinition,
  PipelineDefinitionRepository,
} from '../../application/pipeline-definition.repository';
import { PipelineSpec } from '../../domain/pipeline-spec';
import { PIPELINES } from '../../domain/pipelines.errors';
import { PipelineDefinitionEntity, PipelineDefinitionVersionEntity } from './pipeline-definition.entity';
import { DEFINITION_BY_ID, DEFINITION_BY_NAME, DEFINITIONS_OF_REPOSITORY, PROJECT_EXISTS, REPOSITORY_EXISTS } from './pipeline-definition.sql';

interface DefinitionRow {
  id: string;
  project_id: string;
  repository_id: string | null;
  name: string;
  current_version: number;
  is_deployment: boolean;
  archived_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  spec: PipelineSpec;
}

/** Pipeline definitions and their versions (TypeORM; the head joined with its current spec in SQL). */
@Injectable()
export class PipelineDefinitionTypeormRepository extends PipelineDefinitionRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get heads() {
    return this.transaction.manager.getRepository(PipelineDefinitionEntity);
  }
  private get versionRows() {
    return this.transaction.manager.getRepository(PipelineDefinitionVersionEntity);
  }

  async insert(d: NewDefinition): Promise<PipelineDefinition> {
    try {
      const head = await this.heads.save(
        this.heads.create({
          organizationId: this.org,
          projectId: d.projectId,
          repositoryId: d.repositoryId,
          name: d.name,
          isDeployment: d.spec.deployment,
          schedules: d.spec.triggers.schedule,
          createdBy: d.createdBy,
        }),
      );
      await this.versionRows.insert({ organizationId: this.org, definitionId: head.id, version: 1, spec: d.spec as never, createdBy: d.createdBy });
      return toDefinition(head, d.spec);
    } catch (error) {
      throw translate(error, d.name);
    }
  }

  async find(id: string): Promise<PipelineDefinition | undefined> {
    const [row] = await this.transaction.query<DefinitionRow>(DEFINITION_BY_ID, [this.org, id]);
    return row && fromRow(row);
  }

  async findByName(projectId: string, name: string): Promise<PipelineDefinition | undefined> {
    const [row] = await this.transaction.query<DefinitionRow>(DEFINITION_BY_NAME, [this.org, projectId, name]);
    return row && fromRow(row);
  }

  async forRepository(repositoryId: string): Promise<PipelineDefinition[]> {
    const rows = await this.transaction.query<DefinitionRow>(DEFINITIONS_OF_REPOSITORY, [this.org, repositoryId]);
    return rows.map(fromRow);
  }

  async list(query: DefinitionListQuery): Promise<Page<PipelineDefinition>> {
    const builder = this.heads.createQueryBuilder('d').where('d.organization_id = :org', { org: this.org });
    if (query.projectId) builder.andWhere('d.project_id = :projectId', { projectId: query.projectId });
    if (query.repositoryId) builder.andWhere('d.repository_id = :repositoryId', { repositoryId: query.repositoryId });
    if (!query.includeArchived) builder.andWhere('d.archived_at is null');
    const page = await keysetPage(builder, { limit: query.limit, cursor: query.cursor, order: 'DESC' }, (e) => e);
    const specs = new Map<string, PipelineSpec>();
    if (page.items.length) {
      const rows = await this.versionRows
        .createQueryBuilder('v')
        .innerJoin(PipelineDefinitionEntity, 'd', 'd.organization_id = v.organization_id and d.id = v.definition_id and d.current_version = v.version')
        .where('v.organization_id = :org and v.definition_id in (:...ids)', { org: this.org, ids: page.items.map((d) => d.id) })
        .getMany();
      for (const row of rows) specs.set(row.definitionId, row.spec as unknown as PipelineSpec);
    }
    return { items: page.items.map((e) => toDefinition(e, specs.get(e.id)!)), nextCursor: page.nextCursor };
  }

  async addVersion(id: string, expectedVersion: number, change: { name?: string; repositoryId?: string | null; spec: PipelineSpec; createdBy: string | null }) {
    const head = await this.heads.findOne({ where: { organizationId: this.org, id }, lock: { mode: 'pessimistic_write' } });
    if (!head || head.version !== expectedVersion) return undefined;
    const next = head.currentVersion + 1;
    try {
      await this.versionRows.insert({ organizationId: this.org, definitionId: id, version: next, spec: change.spec as never, createdBy: change.createdBy });
      await this.heads.update(
        { organizationId: this.org, id },
        {
          currentVersion: next,
          version: head.version + 1,
          name: change.name ?? head.name,
          repositoryId: change.repositoryId === undefined ? head.repositoryId : change.repositoryId,
          isDeployment: change.spec.deployment,
          schedules: change.spec.triggers.schedule,
        },
      );
    } catch (error) {
      throw translate(error, change.name ?? head.name);
    }
    return this.find(id);
  }

  async archive(id: string): Promise<boolean> {
    const result = await this.heads.update({ organizationId: this.org, id, archivedAt: IsNull() }, { archivedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async version(id: string, version: number): Promise<DefinitionVersion | undefined> {
    const row = await this.versionRows.findOneBy({ organizationId: this.org, definitionId: id, version });
    return row ? toVersion(row) : undefined;
  }

  async versions(id: string): Promise<DefinitionVersion[]> {
    const rows = await this.versionRows.find({ where: { organizationId: this.org, definitionId: id }, order: { version: 'DESC' } });
    return rows.map(toVersion);
  }

  async markScheduled(id: string, at: Date): Promise<void> {
    await this.heads.update({ organizationId: this.org, id }, { lastScheduledAt: at });
  }

  async projectExists(projectId: string): Promise<boolean> {
    return (await this.transaction.query(PROJECT_EXISTS, [this.org, projectId])).length > 0;
  }

  async repositoryExists(repositoryId: string): Promise<boolean> {
    return (await this.transaction.query(REPOSITORY_EXISTS, [this.org, repositoryId])).length > 0;
  }
}

function translate(error: unknown, name: string): unknown {
  const constraint = violatedConstraint(error, '23505');
  if (constraint === 'pipeline_definitions_project_name_key')
    return new DomainError(PIPELINES.NAME_TAKEN, `The project already has a pipeline named "${name}"`, { field: 'name', name });
  return error;
}

function toDefinition(e: PipelineDefinitionEntity, spec: PipelineSpec): PipelineDefinition {
  return {
    id: e.id,
    projectId: e.projectId,
    repositoryId: e.repositoryId,
    name: e.name,
    currentVersion: e.currentVersion,
    isDeployment: e.isDeployment,
    archivedAt: e.archivedAt,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    spec,
  };
}

function fromRow(r: DefinitionRow): PipelineDefinition {
  return {
    id: r.id,
    projectId: r.project_id,
    repositoryId: r.repository_id,
    name: r.name,
    currentVersion: r.current_version,
    isDeployment: r.is_deployment,
    archivedAt: r.archived_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    spec: r.spec,
  };
}

function toVersion(row: PipelineDefinitionVersionEntity): DefinitionVersion {
  return { version: row.version, spec: row.spec as unknown as PipelineSpec, createdBy: row.createdBy, createdAt: row.createdAt };
}
