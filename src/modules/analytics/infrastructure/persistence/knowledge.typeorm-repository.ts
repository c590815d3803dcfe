import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { Article, ArticleFields, ArticleHit, KnowledgeRepository } from '../../application/knowledge.repository';
import { KnowledgeArticleEntity } from './knowledge-article.entity';
import { MISSING_LINKS, SEARCH_ARTICLES } from './knowledge.sql';

const toArticle = (e: KnowledgeArticleEntity): Article => ({
  id: e.id,
  title: e.title,
  content: e.content,
  tags: e.tags,
  projectIds: e.projectIds,
  taskIds: e.taskIds,
  createdBy: e.createdBy,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

@Injectable()
export class KnowledgeTypeormRepository extends KnowledgeRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get articles() {
    return this.transaction.manager.getRepository(KnowledgeArticleEntity);
  }

  async insert(fields: ArticleFields & { createdBy: string | null }): Promise<Article> {
    const { identifiers } = await this.articles.insert({ ...fields, organizationId: this.org });
    return (await this.find(identifiers[0].id as string))!;
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<Article | undefined> {
    const row = await this.articles.findOne({
      where: { organizationId: this.org, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toArticle(row) : undefined;
  }

  async update(id: string, fields: Partial<ArticleFields>): Promise<void> {
    await this.articles.update({ organizationId: this.org, id }, { ...fields, version: () => 'version + 1' });
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.articles.delete({ organizationId: this.org, id })).affected ?? 0) > 0;
  }

  list(query: { limit: number; cursor?: string; tag?: string; taskId?: string; projectId?: string }): Promise<Page<Article>> {
    const builder = this.articles.createQueryBuilder('a').where('a.organization_id = :org', { org: this.org });
    if (query.tag) builder.andWhere('a.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    if (query.taskId) builder.andWhere('a.task_ids @> ARRAY[:taskId]::uuid[]', { taskId: query.taskId });
    if (query.projectId) builder.andWhere('a.project_ids @> ARRAY[:projectId]::uuid[]', { projectId: query.projectId });
    return keysetPage(builder, { ...query, order: 'DESC' }, toArticle);
  }

  async search(text: string, limit: number): Promise<ArticleHit[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(SEARCH_ARTICLES, [text, limit, this.org]);
    return rows.map((r) => ({
      article: {
        id: r.id as string,
        title: r.title as string,
        content: r.content as string,
        tags: r.tags as string[],
        projectIds: r.project_ids as string[],
        taskIds: r.task_ids as string[],
        createdBy: (r.created_by as string | null) ?? null,
        version: Number(r.version),
        createdAt: r.created_at as Date,
        updatedAt: r.updated_at as Date,
      },
      rank: Number(r.rank),
      titleSimilarity: Number(r.title_similarity),
    }));
  }

  async missingLinks(taskIds: string[], projectIds: string[]): Promise<{ tasks: string[]; projects: string[] }> {
    if (!taskIds.length && !projectIds.length) return { tasks: [], projects: [] };
    const rows = await this.transaction.query<{ kind: string; id: string }>(MISSING_LINKS, [taskIds, projectIds, this.org]);
    return { tasks: rows.filter((r) => r.kind === 'task').map((r) => r.id), projects: rows.filter((r) => r.kind === 'project').map((r) => r.id) };
  }
}
