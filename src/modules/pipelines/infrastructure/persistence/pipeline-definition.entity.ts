import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A pipeline's head (migration Pipelines): its current version's spec is a PipelineDefinitionVersionEntity row. */
@Entity('pipeline_definitions')
@Check('pipeline_definitions_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('pipeline_definitions_current_version_check', 'current_version >= 1')
@ForeignKey('projects', ['organizationId', 'projectId'], ['organizationId', 'id'], { name: 'pipeline_definitions_project_fkey', onDelete: 'CASCADE' })
// SET NULL clears only repository_id (`SET NULL (repository_id)`), which TypeORM cannot say; it compares the action only.
@ForeignKey('repositories', ['organizationId', 'repositoryId'], ['organizationId', 'id'], {
  name: 'pipeline_definitions_repository_fkey',
  onDelete: 'SET NULL',
})
// Unique on (organization_id, project_id, lower(name)): an expression index, which TypeORM cannot describe.
@Index('pipeline_definitions_project_name_key', { synchronize: false })
@Index('pipeline_definitions_org_created_idx', ['organizationId', 'createdAt', 'id'])
// Partial indexes (repository set; scheduled and live), which TypeORM cannot describe.
@Index('pipeline_definitions_repository_idx', { synchronize: false })
@Index('pipeline_definitions_scheduled_idx', { synchronize: false })
export class PipelineDefinitionEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_definitions_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @Column('uuid', { nullable: true })
  repositoryId: string | null;

  @Column('text')
  name: string;

  @Column('integer', { default: 1 })
  currentVersion: number;

  @Column('boolean', { default: false })
  isDeployment: boolean;

  @Column('text', { array: true, default: () => "'{}'" })
  schedules: string[];

  @Column('timestamptz', { nullable: true })
  lastScheduledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One version of a pipeline's spec (append-only). */
@Entity('pipeline_definition_versions')
@Check('pipeline_definition_versions_version_check', 'version >= 1')
@Check('pipeline_definition_versions_spec_check', `jsonb_typeof(spec) = 'object'`)
@ForeignKey(() => PipelineDefinitionEntity, ['organizationId', 'definitionId'], ['organizationId', 'id'], {
  name: 'pipeline_definition_versions_definition_fkey',
  onDelete: 'CASCADE',
})
export class PipelineDefinitionVersionEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_definition_versions_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  definitionId: string;

  @PrimaryColumn('integer')
  version: number;

  @Column('jsonb')
  spec: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
