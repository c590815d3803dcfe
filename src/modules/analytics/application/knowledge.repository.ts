import { Page } from '@switchyard/core';

export interface Article {
  id: string;
  title: string;
  content: string;
  tags: string[];
  projectIds: string[];
  taskIds: string[];
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ArticleFields = Pick<Article, 'title' | 'content' | 'tags' | 'projectIds' | 'taskIds'>;

export interface ArticleHit {
  article: Article;
  /** Full-text rank (ts_rank_cd) of the Markdown document, title weighted above content. */
  rank: number;
  /** pg_trgm similarity of the title to the query (0..1): the fuzzy match. */
  titleSimilarity: number;
}

/** Port: the knowledge base. */
export abstract class KnowledgeRepository {
  abstract insert(fields: ArticleFields & { createdBy: string | null }): Promise<Article>;
  /** `lock`: FOR UPDATE, so a change read-compare-written in the same transaction cannot lose a parallel one. */
  abstract find(id: string, options?: { lock?: boolean }): Promise<Article | undefined>;
  abstract update(id: string, fields: Partial<ArticleFields>): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  abstract list(query: { limit: number; cursor?: string; tag?: string; taskId?: string; projectId?: string }): Promise<Page<Article>>;
  abstract search(text: string, limit: number): Promise<ArticleHit[]>;
  /** The ids among these that are not tasks / projects of the organization. */
  abstract missingLinks(taskIds: string[], projectIds: string[]): Promise<{ tasks: string[]; projects: string[] }>;
}
