import { Injectable } from '@nestjs/common';
import { Activity } from './activity';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { AnalyticsNotFoundError, LinkNotFoundError } from '../domain/analytics.errors';
import { Article, ArticleFields, ArticleHit, KnowledgeRepository } from './knowledge.repository';

const unique = <T>(values: T[] = []) => [...new Set(values)];

/** The knowledge base: Markdown articles with tags, linked to tasks and projects; ranked and fuzzy search. */
@Injectable()
export class KnowledgeService {
  constructor(
    private readonly articles: KnowledgeRepository,
    private readonly activity: Activity,
  ) {}

  async create(actor: Actor, input: Partial<ArticleFields> & { title: string }): Promise<Article> {
    const fields: ArticleFields = {
      title: input.title.trim(),
      content: input.content ?? '',
      tags: unique(input.tags),
      projectIds: unique(input.projectIds),
      taskIds: unique(input.taskIds),
    };
    await this.checkLinks(fields.taskIds, fields.projectIds);
    const article = await this.articles.insert({ ...fields, createdBy: actor.type === 'user' ? (actor.id ?? null) : null });
    await this.activity.audit({ action: 'create', entityType: 'knowledge_article', entityId: article.id, after: { ...article, content: undefined } });
    return article;
  }

  async get(id: string, lock = false): Promise<Article> {
    const article = await this.articles.find(id, { lock });
    if (!article) throw new AnalyticsNotFoundError('article', id);
    return article;
  }

  list(query: { limit: number; cursor?: string; tag?: string; taskId?: string; projectId?: string }): Promise<Page<Article>> {
    return this.articles.list(query);
  }

  async update(id: string, input: Partial<ArticleFields> & { version: number }): Promise<Article> {
    const before = await this.get(id, true);
    if (before.version !== input.version) throw new StaleVersionError('Article', id, input.version, before.version);
    const changes: Partial<ArticleFields> = {
      title: input.title?.trim(),
      content: input.content,
      tags: input.tags && unique(input.tags),
      taskIds: input.taskIds && unique(input.taskIds),
      projectIds: input.projectIds && unique(input.projectIds),
    };
    await this.checkLinks(changes.taskIds ?? [], changes.projectIds ?? []);
    await this.articles.update(id, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    const after = await this.get(id);
    await this.activity.audit({
      action: 'update',
      entityType: 'knowledge_article',
      entityId: id,
      before: { ...before, content: undefined },
      after: { ...after, content: undefined },
    });
    return after;
  }

  async delete(id: string): Promise<void> {
    const before = await this.get(id);
    await this.articles.delete(id);
    await this.activity.audit({ action: 'delete', entityType: 'knowledge_article', entityId: id, before: { ...before, content: undefined } });
  }

  search(text: string, limit: number): Promise<ArticleHit[]> {
    return this.articles.search(text, limit);
  }

  private async checkLinks(taskIds: string[], projectIds: string[]): Promise<void> {
    const missing = await this.articles.missingLinks(taskIds, projectIds);
    if (missing.tasks.length) throw new LinkNotFoundError('task', missing.tasks);
    if (missing.projects.length) throw new LinkNotFoundError('project', missing.projects);
  }
}
