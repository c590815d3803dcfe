import type { FastifyInstance } from 'fastify';
import { BaselineTools, unauthenticated } from '../lib/baseline-tools';

// The SQL of ProjectTypeormRepository.list / RepositoryTypeormRepository.list for the first page, default sort (-createdAt).
const PROJECTS_SQL = `select p.id, p.organization_id, p.name, p.slug, p.description, p.status, p.lead_id, p.tags, p.settings,
  p.start_date::text as start_date, p.target_date::text as target_date, p.status_changed_at, p.archived_at,
  p.created_by, p.version, p.created_at, p.updated_at
  from projects p where p.organization_id = $1 order by p.created_at desc, p.id desc limit $2`;

const REPOSITORIES_SQL = `select r.id, r.organization_id, r.provider, r.owner, r.name, r.description, r.clone_url, r.default_branch, r.visibility,
  r.external_id, r.analysis_config, r.last_analyzed_at, r.created_by, r.version, r.created_at, r.updated_at,
  array(select pr.project_id from project_repositories pr
        where pr.organization_id = r.organization_id and pr.repository_id = r.id order by pr.project_id) as project_ids
  from repositories r where r.organization_id = $1 order by r.created_at desc, r.id desc limit $2`;

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

function page<T extends { created_at: Date; id: string }>(rows: T[], limit: number, map: (row: T) => object) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: hasMore ? cursor(['-createdAt', last.created_at.toISOString(), last.id]) : null };
}

function limitOf(query: { limit?: string }): number | undefined {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  return Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : undefined;
}

export function registerProjectsListBaseline(app: FastifyInstance, tools: BaselineTools): void {
  app.get<{ Querystring: { limit?: string } }>('/v1/projects', async (request, reply) => {
    const actor = tools.authenticate(request.headers);
    if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
    const limit = limitOf(request.query);
    if (!limit) return reply.code(400).send({ status: 400, code: 'COMMON.VALIDATION_FAILED' });
    const rows = await tools.callerTransaction(actor, async (client) => (await client.query(PROJECTS_SQL, [actor.organizationId, limit + 1])).rows);
    return page(rows, limit, (row) => ({
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
    }));
  });
}

export function registerRepositoriesListBaseline(app: FastifyInstance, tools: BaselineTools): void {
  app.get<{ Querystring: { limit?: string } }>('/v1/repositories', async (request, reply) => {
    const actor = tools.authenticate(request.headers);
    if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
    const limit = limitOf(request.query);
    if (!limit) return reply.code(400).send({ status: 400, code: 'COMMON.VALIDATION_FAILED' });
    const rows = await tools.callerTransaction(actor, async (client) => (await client.query(REPOSITORIES_SQL, [actor.organizationId, limit + 1])).rows);
    return page(rows, limit, (row) => ({
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
    }));
  });
}
