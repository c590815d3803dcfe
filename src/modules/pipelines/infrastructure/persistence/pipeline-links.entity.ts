import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An artifact of an execution (migration Pipelines); deleted by the artifact-expiry job at expires_at. */
@Entity('pipeline_artifacts')
@Check('pipeline_artifacts_name_check', 'length(name) BETWEEN 1 AND 255')
@Check('pipeline_artifacts_size_bytes_check', 'size_bytes >= 0')
@Check('pipeline_artifacts_checksum_check', 'length(checksum) <= 200')
@Check('pipeline_artifacts_storage_uri_check', 'length(storage_uri) <= 2000')
@Index('pipeline_artifacts_execution_idx', ['organizationId', 'executionId', 'createdAt'])
@Index('pipeline_artifacts_expiry_idx', ['expiresAt'])
export class PipelineArtifactEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_artifacts_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  executionId: string;

  @Column('uuid', { nullable: true })
  stepId: string | null;

  @Column('text')
  name: string;

  @Column('bigint')
  sizeBytes: string;

  @Column('text', { nullable: true })
  checksum: string | null;

  @Column('text')
  storageUri: string;

  @Column('timestamptz')
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An execution linked to a task: a task shows its runs, a run its tasks. */
@Entity('pipeline_execution_tasks')
@ForeignKey('tasks', ['organizationId', 'taskId'], ['organizationId', 'id'], { name: 'pipeline_execution_tasks_task_fkey', onDelete: 'CASCADE' })
@Index('pipeline_execution_tasks_task_idx', ['organizationId', 'taskId', 'executionCreatedAt'])
export class PipelineExecutionTaskEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_execution_tasks_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  executionId: string;

  @Column('timestamptz')
  executionCreatedAt: Date;

  @PrimaryColumn('uuid')
  taskId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A run mirrored from another CI: one execution per (provider, external id). */
@Entity('pipeline_external_runs')
@Check('pipeline_external_runs_provider_check', `provider IN ('github')`)
@Check('pipeline_external_runs_external_id_check', 'length(external_id) BETWEEN 1 AND 200')
export class PipelineExternalRunEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_external_runs_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  provider: string;

  @PrimaryColumn('text')
  externalId: string;

  @Column('uuid')
  executionId: string;

  @Column('timestamptz')
  executionCreatedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A concurrency group: its row lock orders admissions. */
@Entity('pipeline_concurrency_groups')
@Check('pipeline_concurrency_groups_group_key_check', 'length(group_key) BETWEEN 1 AND 400')
@Check('pipeline_concurrency_groups_max_running_check', 'max_running BETWEEN 1 AND 1000')
export class PipelineConcurrencyGroupEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_concurrency_groups_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  groupKey: string;

  @Column('integer', { default: 1 })
  maxRunning: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
