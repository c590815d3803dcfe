import { Injectable } from '@nestjs/common';
import { PipelineAudit } from './ports';
import { Actor, DomainError, Page } from '@switchyard/core';
import { isCron } from './cron';
import { PipelineSpec, validatePipelineSpec } from '../domain/pipeline-spec';
import { PipelineNotFoundError, PIPELINES } from '../domain/pipelines.errors';
import { DefinitionListQuery, DefinitionVersion, PipelineDefinition, PipelineDefinitionRepository } from './pipeline-definition.repository';

export interface CreatePipelineInput {
  projectId: string;
  repositoryId?: string | null;
  name: string;
  spec: unknown;
}

export interface UpdatePipelineInput {
  version: number;
  name?: string;
  repositoryId?: string | null;
  spec?: unknown;
}

/** Pipeline definitions: create, read, edit (each edit a new version), archive. Audited. */
@Injectable()
export class PipelinesService {
  constructor(
    private readonly definitions: PipelineDefinitionRepository,
    private readonly audit: PipelineAudit,
  ) {}

  async create(actor: Actor, input: CreatePipelineInput): Promise<PipelineDefinition> {
    const spec = validatePipelineSpec(input.spec, isCron);
    await this.checkReferences(input.projectId, input.repositoryId);
    const definition = await this.definitions.insert({
      projectId: input.projectId,
      repositoryId: input.repositoryId ?? null,
      name: input.name,
      spec,
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    await this.audit.record({ action: 'create', entityType: 'pipeline', entityId: definition.id, after: auditView(definition) });
    return definition;
  }

  async get(id: string): Promise<PipelineDefinition> {
    const definition = await this.definitions.find(id);
    if (!definition) throw new PipelineNotFoundError(id);
    return definition;
  }

  list(query: DefinitionListQuery): Promise<Page<PipelineDefinition>> {
    return this.definitions.list(query);
  }

  async update(actor: Actor, id: string, input: UpdatePipelineInput): Promise<PipelineDefinition> {
    const before = await this.get(id);
    if (before.archivedAt) throw new DomainError(PIPELINES.ARCHIVED, `Pipeline ${id} is archived`, { id });
    const spec: PipelineSpec = input.spec === undefined ? before.spec : validatePipelineSpec(input.spec, isCron);
    if (input.repositoryId) await this.checkReferences(before.projectId, input.repositoryId);
    const after = await this.definitions.addVersion(id, input.version, {
      name: input.name,
      repositoryId: input.repositoryId,
      spec,
      createdBy: actor.type === 'user' ? (actor.id ?? null) : null,
    });
    if (!after)
      throw new DomainError(PIPELINES.STALE_VERSION, `Pipeline ${id} is at version ${before.version}, not ${input.version}`, {
        id,
        currentVersion: before.version,
      });
    await this.audit.record({ action: 'update', entityType: 'pipeline', entityId: id, before: auditView(before), after: auditView(after) });
    return after;
  }

  async archive(id: string): Promise<void> {
    const before = await this.get(id);
    if (!(await this.definitions.archive(id))) throw new PipelineNotFoundError(id);
    await this.audit.record({ action: 'delete', entityType: 'pipeline', entityId: id, before: auditView(before) });
  }

  async version(id: string, version: number): Promise<DefinitionVersion> {
    await this.get(id);
    const found = await this.definitions.version(id, version);
    if (!found) throw new DomainError(PIPELINES.VERSION_NOT_FOUND, `Pipeline ${id} has no version ${version}`, { id, version });
    return found;
  }

  async versions(id: string): Promise<DefinitionVersion[]> {
    await this.get(id);
    return this.definitions.versions(id);
  }

  private async checkReferences(projectId: string, repositoryId?: string | null) {
    if (!(await this.definitions.projectExists(projectId)))
      throw new DomainError(PIPELINES.PROJECT_NOT_FOUND, `Project ${projectId} was not found`, { entity: 'project', id: projectId, field: 'projectId' });
    if (repositoryId && !(await this.definitions.repositoryExists(repositoryId)))
      throw new DomainError(PIPELINES.REPOSITORY_NOT_FOUND, `Repository ${repositoryId} was not found`, {
        entity: 'repository',
        id: repositoryId,
        field: 'repositoryId',
      });
  }
}

function auditView(d: PipelineDefinition) {
  return { name: d.name, repositoryId: d.repositoryId, currentVersion: d.currentVersion, spec: d.spec };
}
