import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ProjectSettings, ProjectStatus } from '../../domain/project';

/** `projects` as migration 1732300000000-ProjectsRepositories leaves it. */
@Entity('projects')
@Unique('projects_org_id_key', ['organizationId', 'id'])
@Unique('projects_organization_slug_key', ['organizationId', 'slug'])
@Check('projects_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('projects_slug_check', `slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'`)
@Check('projects_description_check', 'length(description) <= 10000')
@Check('projects_status_check', `status IN ('planning', 'active', 'on_hold', 'completed', 'archived')`)
@Check('projects_tags_check', 'cardinality(tags) <= 50')
@Check('projects_settings_check', `jsonb_typeof(settings) = 'object'`)
@Check('projects_dates_check', 'target_date IS NULL OR start_date IS NULL OR target_date >= start_date')
// The lead is a member of the same organization; the database clears only lead_id when the member
// goes (ON DELETE SET NULL (lead_id)), which TypeORM cannot spell but compares as SET NULL.
@ForeignKey('MembershipEntity', ['organizationId', 'leadId'], ['organizationId', 'userId'], { name: 'projects_lead_membership_fkey', onDelete: 'SET NULL' })
@Index('projects_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('projects_org_updated_idx', ['organizationId', 'updatedAt', 'id'])
@Index('projects_org_name_idx', ['organizationId', 'name', 'id'])
@Index('projects_org_status_idx', ['organizationId', 'status', 'createdAt', 'id'])
@Index('projects_org_lead_idx', ['organizationId', 'leadId'], { where: 'lead_id IS NOT NULL' })
// USING gin (tags), for tag containment: TypeORM cannot declare an index method.
@Index('projects_tags_idx', { synchronize: false })
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'projects_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('text')
  name: string;

  @Column('text')
  slug: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text', { default: 'planning' })
  status: ProjectStatus;

  @Column('uuid', { nullable: true })
  leadId: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('jsonb', { default: () => "'{}'" })
  settings: ProjectSettings;

  /** Calendar dates: TypeORM hydrates `date` as 'YYYY-MM-DD' text, with no time zone to shift. */
  @Column('date', { nullable: true })
  startDate: string | null;

  @Column('date', { nullable: true })
  targetDate: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  statusChangedAt: Date;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'projects_created_by_fkey', onDelete: 'SET NULL' })
  createdBy: string | null;

  /** Optimistic concurrency of edits: the adapter bumps it on every edit, and only then. */
  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
