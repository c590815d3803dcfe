import { Page } from '@switchyard/core';
import { AnalysisConfig, Branch, Provider, Repository, Visibility } from '../domain/repository';

export const REPOSITORY_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name'] as const;
export type RepositorySort = (typeof REPOSITORY_SORTS)[number];

export interface RepositoryListQuery {
  limit: number;
  cursor?: string;
  sort: RepositorySort;
  provider?: Provider;
  visibility?: Visibility;
  projectId?: string;
  /** Case-insensitive text in owner or name. */
  text?: string;
}

export interface NewRepository {
  provider: Provider;
  owner: string;
  name: string;
  description: string;
  cloneUrl: string;
  defaultBranch: string;
  visibility: Visibility;
  externalId: string | null;
  analysisConfig: AnalysisConfig;
  createdBy: string | null;
}

/** What makes a repository unique; named in duplicate errors. */
export type RepositoryIdentity = Pick<NewRepository, 'provider' | 'owner' | 'name' | 'externalId'>;

export type RepositoryChanges = Partial<Omit<NewRepository, 'provider' | 'createdBy'>>;

export interface BranchUpsert {
  name: string;
  headSha?: string | null;
  protected?: boolean;
  lastPushAt?: Date | null;
}

export interface BranchListQuery {
  limit: number;
  cursor?: string;
  protected?: boolean;
  /** Branch names starting with this. */
  prefix?: string;
}

/** Repositories of the current organization, their project links and branches. */
export abstract class RepositoryRepository {
  abstract exists(id: string): Promise<boolean>;
  abstract find(id: string): Promise<Repository | undefined>;
  abstract list(query: RepositoryListQuery): Promise<Page<Repository>>;
  /** Throws RepositoryExistsError / ExternalIdTakenError on duplicates. */
  abstract insert(repository: NewRepository): Promise<Repository>;
  /**
   * Applies the changes when the stored version is `expectedVersion`: false when it is not (or the
   * row is gone). `identity` is the resulting provider/owner/name/external id, for the duplicate errors.
   */
  abstract update(id: string, expectedVersion: number, changes: RepositoryChanges, identity: RepositoryIdentity): Promise<boolean>;
  abstract delete(id: string): Promise<boolean>;
  /** Replaces the set of projects the repository serves. */
  abstract setProjects(repositoryId: string, projectIds: string[]): Promise<void>;
  abstract link(projectId: string, repositoryId: string): Promise<boolean>;
  abstract unlink(projectId: string, repositoryId: string): Promise<boolean>;
  abstract markAnalyzed(repositoryId: string, at: Date): Promise<void>;
  abstract markScheduled(repositoryId: string, at: Date): Promise<void>;

  /**
   * Creates or updates the branch by name. A push older than the stored one does not move the
   * head back (webhooks arrive out of order): `applied` is false then.
   */
  abstract upsertBranch(repositoryId: string, branch: BranchUpsert): Promise<{ branch: Branch; created: boolean; applied: boolean; before?: Branch }>;
  abstract findBranch(repositoryId: string, name: string): Promise<Branch | undefined>;
  abstract listBranches(repositoryId: string, query: BranchListQuery): Promise<Page<Branch>>;
  abstract deleteBranch(repositoryId: string, name: string): Promise<boolean>;
}
