import type { AnalysisConfig, Provider, Visibility } from '../../domain/repository';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `repositories` as migration 1732300000000-ProjectsRepositories leaves it. */
@Entity('repositories')
@Unique('repositories_org_id_key', ['organizationId', 'id'])
@Check('repositories_provider_check', `provider IN ('github', 'gitlab', 'bitbucket', 'local')`)
@Check('repositories_owner_check', 'length(owner) BETWEEN 1 AND 200')
@Check('repositories_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('repositories_description_check', 'length(description) <= 10000')
@Check('repositories_clone_url_check', 'length(clone_url) BETWEEN 1 AND 2000')
@Check('repositories_default_branch_check', 'length(default_branch) BETWEEN 1 AND 255')
@Check('repositories_visibility_check', `visibility IN ('public', 'private', 'internal')`)
@Check('repositories_external_id_check', 'length(external_id) <= 200')
@Check('repositories_analysis_config_check', `jsonb_typeof(analysis_config) = 'object'`)
// UNIQUE (organization_id, provider, lower(owner), lower(name)): TypeORM cannot declare an expression index.
@Index('repositories_provider_owner_name_key', { synchronize: false })
@Index('repositories_provider_external_id_key', ['organizationId', 'provider', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('repositories_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('repositories_org_name_idx', ['organizationId', 'name', 'id'])
@Index('repositories_org_updated_idx', ['organizationId', 'updatedAt', 'id'])
// ((analysis_config->>'schedule')) WHERE analysis_config ? 'schedule': an expression index again.
@Index('repositories_scheduled_idx', { synchronize: false })
export class RepositoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'repositories_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('text')
  provider: Provider;

  @Column('text')
  owner: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text')
  cloneUrl: string;

  @Column('text', { default: 'main' })
  defaultBranch: string;

  @Column('text', { default: 'private' })
  visibility: Visibility;

  @Column('text', { nullable: true })
  externalId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  analysisConfig: AnalysisConfig;

  @Column('timestamptz', { nullable: true })
  lastAnalyzedAt: Date | null;

  /** When the analysis schedule (analysis_config.schedule) last queued a run. */
  @Column('timestamptz', { nullable: true })
  lastScheduledAt: Date | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'repositories_created_by_fkey', onDelete: 'SET NULL' })
  createdBy: string | null;

  /** Optimistic concurrency of edits: the adapter bumps it on every edit, and only then. */
  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
