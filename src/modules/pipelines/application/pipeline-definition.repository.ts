import { Page } from '@switchyard/core';
import { PipelineSpec } from '../domain/pipeline-spec';

export interface PipelineDefinition {
  id: string;
  projectId: string;
  repositoryId: string | null;
  name: string;
  currentVersion: number;
  isDeployment: boolean;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The current version's spec. */
  spec: PipelineSpec;
}

export interface DefinitionVersion {
  version: number;
  spec: PipelineSpec;
  createdBy: string | null;
  createdAt: Date;
}

export interface NewDefinition {
  projectId: string;
  repositoryId: string | null;
  name: string;
  spec: PipelineSpec;
  createdBy: string | null;
}

export interface DefinitionListQuery {
  limit: number;
  cursor?: string;
  projectId?: string;
  repositoryId?: string;
  includeArchived?: boolean;
}

/** Pipeline definitions and their versions (port). */
export abstract class PipelineDefinitionRepository {
  abstract insert(definition: NewDefinition): Promise<PipelineDefinition>;
  abstract find(id: string): Promise<PipelineDefinition | undefined>;
  abstract list(query: DefinitionListQuery): Promise<Page<PipelineDefinition>>;
  /** Adds a version and moves the head to it, if `expectedVersion` is still the row's version; undefined when stale. */
  abstract addVersion(
    id: string,
    expectedVersion: number,
    change: { name?: string; repositoryId?: string | null; spec: PipelineSpec; createdBy: string | null },
  ): Promise<PipelineDefinition | undefined>;
  abstract archive(id: string): Promise<boolean>;
  abstract version(id: string, version: number): Promise<DefinitionVersion | undefined>;
  abstract versions(id: string): Promise<DefinitionVersion[]>;
  /** Live definitions bound to a repository (the candidates of a push or pull-request event). */
  abstract forRepository(repositoryId: string): Promise<PipelineDefinition[]>;
  abstract findByName(projectId: string, name: string): Promise<PipelineDefinition | undefined>;
  abstract markScheduled(id: string, at: Date): Promise<void>;
  abstract projectExists(projectId: string): Promise<boolean>;
  abstract repositoryExists(repositoryId: string): Promise<boolean>;
}
