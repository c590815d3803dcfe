import { Page } from '@switchyard/core';
import { Project, ProjectSettings, ProjectStatus } from '../domain/project';

export const PROJECT_SORTS = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export interface ProjectListQuery {
  limit: number;
  cursor?: string;
  sort: ProjectSort;
  status?: ProjectStatus[];
  leadId?: string;
  tag?: string;
  /** Case-insensitive substring of name, slug or description. */
  text?: string;
}

export interface NewProject {
  name: string;
  slug: string;
  description: string;
  status: ProjectStatus;
  leadId: string | null;
  tags: string[];
  settings: ProjectSettings;
  startDate: string | null;
  targetDate: string | null;
  createdBy: string | null;
}

export type ProjectChanges = Partial<
  Pick<Project, 'name' | 'slug' | 'description' | 'leadId' | 'tags' | 'settings' | 'startDate' | 'targetDate' | 'status' | 'statusChangedAt' | 'archivedAt'>
>;

/** Projects of the current organization. */
export abstract class ProjectRepository {
  abstract exists(id: string): Promise<boolean>;
  abstract find(id: string): Promise<Project | undefined>;
  abstract findBySlug(slug: string): Promise<Project | undefined>;
  /** Which of these ids are projects of the current organization. */
  abstract existing(ids: string[]): Promise<string[]>;
  abstract list(query: ProjectListQuery): Promise<Page<Project>>;
  /** Project id → ids of the repositories linked to it. */
  abstract repositoryLinks(projectIds: string[]): Promise<Map<string, string[]>>;
  abstract count(): Promise<number>;
  /** Serializes project creation in the organization until the transaction ends (limit checks read the count). */
  abstract lockCreation(): Promise<void>;
  /** Throws SlugTakenError on a duplicate slug. */
  abstract insert(project: NewProject): Promise<Project>;
  /** Applies the changes when the stored version is `expectedVersion`; undefined when it is not (or the row is gone). */
  abstract update(id: string, expectedVersion: number, changes: ProjectChanges): Promise<Project | undefined>;
  abstract delete(id: string): Promise<boolean>;
}
