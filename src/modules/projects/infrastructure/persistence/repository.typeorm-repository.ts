import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { containsPattern, TenantTransaction, violatedConstraint } from '@switchyard/database';
import { decodeCursor, keysetSort, SortColumn, toPage } from '@switchyard/http';
import { Branch, Repository } from '../../domain/repository';
import { ExternalIdTakenError, ProjectsNotFoundError, RepositoryExistsError } from '../../domain/projects.errors';
import {
  BranchListQuery,
  BranchUpsert,
  NewRepository,
  RepositoryChanges,
  RepositoryIdentity,
  RepositoryListQuery,
  RepositoryRepository,
} from '../../application/repository.repository';

interface RepositoryRow {
  id: string;
  organization_id: string;
  provider: Repository['provider'];
  owner: string;
  name: string;
  description: string;
  clone_url: string;
  default_branch: string;
  visibility: Repository['visibility'];
  external_id: string | null;
  analysis_config: Repository['analysisConfig'];
  project_ids: string[];
  last_analyzed_at: Date | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface BranchRow {
  id: string;
  repository_id: string;
  name: string;
  head_sha: string | null;
  protected: boolean;
  last_push_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  inserted?: boolean;
}

const COLUMNS = `r.id, r.organization_id, r.provider, r.owner, r.name, r.description, r.clone_url, r.default_branch, r.visibility,
  r.external_id, r.analysis_config, r.last_analyzed_at, r.created_by, r.version, r.created_at, r.updated_at,
  array(select pr.project_id from project_repositories pr
        where pr.organization_id = r.organization_id and pr.repository_id = r.id order by pr.project_id) as project_ids`;

const BRANCH_COLUMNS = 'b.id, b.repository_id, b.name, b.head_sha, b.protected, b.last_push_at, b.version, b.created_at, b.updated_at';

const SORT_COLUMNS: Record<string, SortColumn> = {
  createdAt: { column: 'r.created_at', type: 'timestamptz' },
  updatedAt: { column: 'r.updated_at', type: 'timestamptz' },
  name: { column: 'r.name', type: 'text' },
};

const CHANGE_COLUMNS: Record<keyof RepositoryChanges, string> = {
  owner: 'owner',
  name: 'name',
  description: 'description',
  cloneUrl: 'clone_url',
  defaultBranch: 'default_branch',
  visibility: 'visibility',
  externalId: 'external_id',
  analysisConfig: 'analysis_config',
};

@Injectable()
export class RepositoryTypeormRepository extends RepositoryRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org(): string {
    return this.transaction.organizationId;
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.transaction.query(`select 1 from repositories where organization_id = $1 and id = $2`, [this.org, id]);
    return rows.length > 0;
  }

  async find(id: string): Promise<Repository | undefined> {
    const [row] = await this.transaction.query<RepositoryRow>(`select ${COLUMNS} from repositories r where r.organization_id = $1 and r.id = $2`, [this.org, id]);
    return row && toRepository(row);
  }

  async list(query: RepositoryListQuery): Promise<Page<Repository>> {
    const params: unknown[] = [this.org];
    const where = ['r.organization_id = $1'];
    if (query.provider) where.push(`r.provider = $${params.push(query.provider)}`);
    if (query.visibility) where.push(`r.visibility = $${params.push(query.visibility)}`);
    if (query.projectId) {
      where.push(`exists (select 1 from project_repositories pr where pr.organization_id = r.organization_id
                   and pr.repository_id = r.id and pr.project_id = $${params.push(query.projectId)})`);
    }
    if (query.text) {
      const n = params.push(containsPattern(query.text));
      where.push(`(r.owner ilike $${n} or r.name ilike $${n} or (r.owner || '/' || r.name) ilike $${n})`);
    }
    const sort = keysetSort(query.sort, SORT_COLUMNS, 'r.id');
    if (query.cursor) where.push(sort.after(query.cursor, params));
    const rows = await this.transaction.query<RepositoryRow & { cursor_value: string }>(
      `select ${COLUMNS}, ${sort.cursorValue} as cursor_value from repositories r where ${where.join(' and ')}
       order by ${sort.orderBy} limit $${params.push(query.limit + 1)}`,
      params,
    );
    const page = toPage(rows, query.limit, sort.cursorOf);
    return { items: page.items.map(toRepository), nextCursor: page.nextCursor };
  }

  async insert(repository: NewRepository): Promise<Repository> {
    try {
      const [{ id }] = await this.transaction.query<{ id: string }>(
        `insert into repositories (organization_id, provider, owner, name, description, clone_url, default_branch, visibility, external_id, analysis_config, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
        [
          this.org,
          repository.provider,
          repository.owner,
          repository.name,
          repository.description,
          repository.cloneUrl,
          repository.defaultBranch,
          repository.visibility,
          repository.externalId,
          repository.analysisConfig,
          repository.createdBy,
        ],
      );
      return (await this.find(id))!;
    } catch (error) {
      throw translate(error, repository);
    }
  }

  async update(id: string, expectedVersion: number, changes: RepositoryChanges, identity: RepositoryIdentity): Promise<Repository | undefined> {
    const params: unknown[] = [this.org, id, expectedVersion];
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${CHANGE_COLUMNS[key as keyof RepositoryChanges]} = $${params.push(value)}`);
    try {
      const rows = await this.transaction.query<{ id: string }>(
        `update repositories r set ${[...sets, 'version = r.version + 1'].join(', ')}
         where r.organization_id = $1 and r.id = $2 and r.version = $3 returning r.id`,
        params,
      );
      return rows.length ? this.find(id) : undefined;
    } catch (error) {
      throw translate(error, identity);
    }
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.transaction.query(`delete from repositories where organization_id = $1 and id = $2 returning id`, [this.org, id]);
    return rows.length > 0;
  }

  async setProjects(repositoryId: string, projectIds: string[]): Promise<void> {
    await this.transaction.query(`delete from project_repositories where organization_id = $1 and repository_id = $2 and not (project_id = any($3::uuid[]))`, [
      this.org,
      repositoryId,
      projectIds,
    ]);
    if (projectIds.length === 0) return;
    try {
      await this.transaction.query(
        `insert into project_repositories (organization_id, project_id, repository_id)
         select $1, unnest($3::uuid[]), $2 on conflict do nothing`,
        [this.org, repositoryId, projectIds],
      );
    } catch (error) {
      if (violatedConstraint(error, '23503') === 'project_repositories_project_fkey') throw new ProjectsNotFoundError(projectIds);
      throw error;
    }
  }

  async link(projectId: string, repositoryId: string): Promise<boolean> {
    const rows = await this.transaction.query(
      `insert into project_repositories (organization_id, project_id, repository_id) values ($1, $2, $3) on conflict do nothing returning 1`,
      [this.org, projectId, repositoryId],
    );
    return rows.length > 0;
  }

  async unlink(projectId: string, repositoryId: string): Promise<boolean> {
    const rows = await this.transaction.query(`delete from project_repositories where organization_id = $1 and project_id = $2 and repository_id = $3 returning 1`, [
      this.org,
      projectId,
      repositoryId,
    ]);
    return rows.length > 0;
  }

  async markAnalyzed(repositoryId: string, at: Date): Promise<void> {
    // Not a user edit: the version (optimistic concurrency of edits) stays.
    await this.transaction.query(`update repositories set last_analyzed_at = greatest(last_analyzed_at, $3) where organization_id = $1 and id = $2`, [this.org, repositoryId, at]);
  }

  async markScheduled(repositoryId: string, at: Date): Promise<void> {
    await this.transaction.query(`update repositories set last_scheduled_at = $3 where organization_id = $1 and id = $2`, [this.org, repositoryId, at]);
  }

  async upsertBranch(repositoryId: string, branch: BranchUpsert): Promise<{ branch: Branch; created: boolean; applied: boolean; before?: Branch }> {
    const before = await this.findBranch(repositoryId, branch.name);
    const [row] = await this.transaction.query<BranchRow>(
      `insert into branches as b (organization_id, repository_id, name, head_sha, protected, last_push_at)
       values ($1, $2, $3, $4, coalesce($5, false), $6)
       on conflict (organization_id, repository_id, name) do update set
         head_sha = case when $7 then excluded.head_sha else b.head_sha end,
         protected = coalesce($5, b.protected),
         last_push_at = coalesce(excluded.last_push_at, b.last_push_at),
         version = b.version + 1
       where b.last_push_at is null or excluded.last_push_at is null or excluded.last_push_at >= b.last_push_at
       returning ${BRANCH_COLUMNS}, (xmax = 0) as inserted`,
      [this.org, repositoryId, branch.name, branch.headSha ?? null, branch.protected ?? null, branch.lastPushAt ?? null, branch.headSha !== undefined],
    );
    if (!row) return { branch: before!, created: false, applied: false, before };
    return { branch: toBranch(row), created: row.inserted === true, applied: true, before };
  }

  async findBranch(repositoryId: string, name: string): Promise<Branch | undefined> {
    const [row] = await this.transaction.query<BranchRow>(`select ${BRANCH_COLUMNS} from branches b where b.organization_id = $1 and b.repository_id = $2 and b.name = $3`, [
      this.org,
      repositoryId,
      name,
    ]);
    return row && toBranch(row);
  }

  async listBranches(repositoryId: string, query: BranchListQuery): Promise<Page<Branch>> {
    const params: unknown[] = [this.org, repositoryId];
    const where = ['b.organization_id = $1', 'b.repository_id = $2'];
    if (query.protected !== undefined) where.push(`b.protected = $${params.push(query.protected)}`);
    if (query.prefix) where.push(`starts_with(b.name, $${params.push(query.prefix)})`);
    if (query.cursor) {
      const [name] = decodeCursor(query.cursor, 1);
      where.push(`b.name > $${params.push(name)}`);
    }
    const rows = await this.transaction.query<BranchRow>(
      `select ${BRANCH_COLUMNS} from branches b where ${where.join(' and ')} order by b.name limit $${params.push(query.limit + 1)}`,
      params,
    );
    const page = toPage(rows, query.limit, (last) => [last.name]);
    return { items: page.items.map(toBranch), nextCursor: page.nextCursor };
  }

  async deleteBranch(repositoryId: string, name: string): Promise<boolean> {
    const rows = await this.transaction.query(`delete from branches where organization_id = $1 and repository_id = $2 and name = $3 returning 1`, [this.org, repositoryId, name]);
    return rows.length > 0;
  }
}

function translate(error: unknown, repository: RepositoryIdentity): unknown {
  const unique = violatedConstraint(error, '23505');
  if (unique === 'repositories_provider_owner_name_key') return new RepositoryExistsError(repository.provider, repository.owner, repository.name);
  if (unique === 'repositories_provider_external_id_key') return new ExternalIdTakenError(repository.provider, repository.externalId ?? '');
  return error;
}

function toRepository(row: RepositoryRow): Repository {
  return {
    id: row.id,
    organizationId: row.organization_id,
    provider: row.provider,
    owner: row.owner,
    name: row.name,
    description: row.description,
    cloneUrl: row.clone_url,
    defaultBranch: row.default_branch,
    visibility: row.visibility,
    externalId: row.external_id,
    analysisConfig: row.analysis_config,
    projectIds: row.project_ids,
    lastAnalyzedAt: row.last_analyzed_at,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toBranch(row: BranchRow): Branch {
  return {
    id: row.id,
    repositoryId: row.repository_id,
    name: row.name,
    headSha: row.head_sha,
    protected: row.protected,
    lastPushAt: row.last_push_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
