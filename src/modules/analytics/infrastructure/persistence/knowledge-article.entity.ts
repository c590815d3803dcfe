import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('knowledge_articles')
@Check('knowledge_articles_title_check', 'length(title) BETWEEN 1 AND 300')
@Check('knowledge_articles_content_check', 'length(content) <= 200000')
@Check('knowledge_articles_tags_check', 'cardinality(tags) <= 50')
@Check('knowledge_articles_project_ids_check', 'cardinality(project_ids) <= 100')
@Check('knowledge_articles_task_ids_check', 'cardinality(task_ids) <= 100')
@Index('knowledge_articles_org_created_idx', ['organizationId', 'createdAt', 'id'])
// GIN indexes (btree_gin over the weighted document, pg_trgm on the title, arrays): TypeORM cannot declare the access method.
@Index('knowledge_articles_search_idx', { synchronize: false })
@Index('knowledge_articles_title_trgm_idx', { synchronize: false })
@Index('knowledge_articles_tags_idx', { synchronize: false })
@Index('knowledge_articles_tasks_idx', { synchronize: false })
@Index('knowledge_articles_projects_idx', { synchronize: false })
export class KnowledgeArticleEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'knowledge_articles_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  content: string;

  @Column('text', { array: true, default: () => `'{}'` })
  tags: string[];

  @Column('uuid', { array: true, default: () => `'{}'` })
  projectIds: string[];

  @Column('uuid', { array: true, default: () => `'{}'` })
  taskIds: string[];

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
