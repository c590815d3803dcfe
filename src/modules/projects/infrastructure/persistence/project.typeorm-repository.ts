import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { containsPattern, TenantTransaction, violatedConstraint } from '@switchyard/database';
import { keysetSort, SortColumn, toPage } from '@switchyard/http';
import { Project } from '../../domain/project';
import { LeadNotMemberError, SlugTakenError } from '../../domain/projects.errors';
import { NewProject, ProjectChanges, ProjectListQuery, ProjectRepository } from '../../application/project.repository';

interface ProjectRow {
  id: string;
  organization_id: string;
  name: string;
  slug: string;
  description: string;
  status: Project['status'];
  lead_id: string | null;
  tags: string[];
  settings: Project['settings'];
  start_date: string | null;
  target_date: string | null;
  status_changed_at: Date;
  archived_at: Date | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

// Dates as text: a calendar date has no time zone to shift.
const COLUMNS = `p.id, p.organization_id, p.name, p.slug, p.description, p.status, p.lead_id, p.tags, p.settings,
  p.start_date::text as start_date, p.target_date::text as target_date, p.status_changed_at, p.archived_at,
  p.created_by, p.version, p.created_at, p.updated_at`;

const SORT_COLUMNS: Record<string, SortColumn> = {
  createdAt: { column: 'p.created_at', type: 'timestamptz' },
  updatedAt: { column: 'p.updated_at', type: 'timestamptz' },
  name: { column: 'p.name', type: 'text' },
};

const CHANGE_COLUMNS: Record<keyof ProjectChanges, string> = {
  name: 'name',
  slug: 'slug',
  description: 'description',
  leadId: 'lead_id',
  tags: 'tags',
  settings: 'settings',
  startDate: 'start_date',
  targetDate: 'target_date',
  status: 'status',
  statusChangedAt: 'status_changed_at',
  archivedAt: 'archived_at',
};

@Injectable()
export class ProjectTypeormRepository extends ProjectRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.transaction.query(`select 1 from projects where organization_id = $1 and id = $2`, [this.transaction.organizationId, id]);
    return rows.length > 0;
  }

  async find(id: string): Promise<Project | undefined> {
    const [row] = await this.transaction.query<ProjectRow>(`select ${COLUMNS} from projects p where p.organization_id = $1 and p.id = $2`, [this.transaction.organizationId, id]);
    return row && toProject(row);
  }

  async findBySlug(slug: string): Promise<Project | undefined> {
    const [row] = await this.transaction.query<ProjectRow>(`select ${COLUMNS} from projects p where p.organization_id = $1 and p.slug = $2`, [
      this.transaction.organizationId,
      slug,
    ]);
    return row && toProject(row);
  }

  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.transaction.query<{ id: string }>(`select id from projects where organization_id = $1 and id = any($2::uuid[])`, [this.transaction.organizationId, ids]);
    return rows.map((row) => row.id);
  }

  async list(query: ProjectListQuery): Promise<Page<Project>> {
    const params: unknown[] = [this.transaction.organizationId];
    const where = ['p.organization_id = $1'];
    if (query.status?.length) where.push(`p.status = any($${params.push(query.status)}::text[])`);
    if (query.leadId) where.push(`p.lead_id = $${params.push(query.leadId)}`);
    if (query.tag) where.push(`p.tags @> array[$${params.push(query.tag)}::text]`);
    if (query.text) {
      const n = params.push(containsPattern(query.text));
      where.push(`(p.name ilike $${n} or p.slug ilike $${n} or p.description ilike $${n})`);
    }
    const sort = keysetSort(query.sort, SORT_COLUMNS, 'p.id');
    if (query.cursor) where.push(sort.after(query.cursor, params));
    const rows = await this.transaction.query<ProjectRow & { cursor_value: string }>(
      `select ${COLUMNS}, ${sort.cursorValue} as cursor_value from projects p where ${where.join(' and ')}
       order by ${sort.orderBy} limit $${params.push(query.limit + 1)}`,
      params,
    );
    const page = toPage(rows, query.limit, sort.cursorOf);
    return { items: page.items.map(toProject), nextCursor: page.nextCursor };
  }

  async repositoryLinks(projectIds: string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>(projectIds.map((id) => [id, []]));
    if (projectIds.length === 0) return links;
    const rows = await this.transaction.query<{ project_id: string; repository_id: string }>(
      `select project_id, repository_id from project_repositories where organization_id = $1 and project_id = any($2::uuid[]) order by project_id, repository_id`,
      [this.transaction.organizationId, projectIds],
    );
    for (const row of rows) links.get(row.project_id)!.push(row.repository_id);
    return links;
  }

  async count(): Promise<number> {
    const [row] = await this.transaction.query<{ count: string }>(`select count(*) from projects where organization_id = $1`, [this.transaction.organizationId]);
    return Number(row.count);
  }

  async lockCreation(): Promise<void> {
    await this.transaction.query(`select pg_advisory_xact_lock(hashtext('projects.create:' || $1::text))`, [this.transaction.organizationId]);
  }

  async insert(project: NewProject): Promise<Project> {
    try {
      const [row] = await this.transaction.query<ProjectRow>(
        `insert into projects as p (organization_id, name, slug, description, status, lead_id, tags, settings, start_date, target_date, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${COLUMNS}`,
        [
          this.transaction.organizationId,
          project.name,
          project.slug,
          project.description,
          project.status,
          project.leadId,
          project.tags,
          project.settings,
          project.startDate,
          project.targetDate,
          project.createdBy,
        ],
      );
      return toProject(row);
    } catch (error) {
      throw translate(error, project.slug, project.leadId);
    }
  }

  async update(id: string, expectedVersion: number, changes: ProjectChanges): Promise<Project | undefined> {
    const params: unknown[] = [this.transaction.organizationId, id, expectedVersion];
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${CHANGE_COLUMNS[key as keyof ProjectChanges]} = $${params.push(value)}`);
    try {
      const [row] = await this.transaction.query<ProjectRow>(
        `update projects p set ${[...sets, 'version = p.version + 1'].join(', ')}
         where p.organization_id = $1 and p.id = $2 and p.version = $3 returning ${COLUMNS}`,
        params,
      );
      return row && toProject(row);
    } catch (error) {
      throw translate(error, changes.slug, changes.leadId);
    }
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.transaction.query(`delete from projects where organization_id = $1 and id = $2 returning id`, [this.transaction.organizationId, id]);
    return rows.length > 0;
  }
}

function translate(error: unknown, slug?: string, leadId?: string | null): unknown {
  if (violatedConstraint(error, '23505') === 'projects_organization_slug_key' && slug) return new SlugTakenError(slug);
  if (violatedConstraint(error, '23503') === 'projects_lead_membership_fkey' && leadId) return new LeadNotMemberError(leadId);
  return error;
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    status: row.status,
    leadId: row.lead_id,
    tags: row.tags,
    settings: row.settings,
    startDate: row.start_date,
    targetDate: row.target_date,
    statusChangedAt: row.status_changed_at,
    archivedAt: row.archived_at,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
