import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An execution (migration Pipelines): partitioned by month on created_at, so its primary key
 * includes created_at and nothing references it by foreign key.
 */
@Entity('pipeline_executions')
@Check('pipeline_executions_trigger_check', `trigger IN ('manual', 'push', 'pull_request', 'schedule', 'external')`)
@Check('pipeline_executions_actor_type_check', `actor_type IN ('user', 'api_key', 'integration', 'system')`)
@Check('pipeline_executions_event_check', `jsonb_typeof(event) = 'object'`)
@Check('pipeline_executions_commit_sha_check', 'length(commit_sha) <= 64')
@Check('pipeline_executions_branch_check', 'length(branch) <= 255')
@Check('pipeline_executions_inputs_check', `jsonb_typeof(inputs) = 'object'`)
@Check('pipeline_executions_status_check', `status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')`)
@Check('pipeline_executions_concurrency_group_check', 'length(concurrency_group) <= 400')
@Check('pipeline_executions_priority_check', 'priority BETWEEN -100 AND 100')
@Check('pipeline_executions_run_attempt_check', 'run_attempt >= 1')
@Check('pipeline_executions_timeout_seconds_check', 'timeout_seconds > 0')
@Check('pipeline_executions_reason_check', 'length(reason) <= 2000')
@Check('pipeline_executions_external_url_check', 'length(external_url) <= 2000')
@Index('pipeline_executions_definition_idx', ['organizationId', 'definitionId', 'createdAt', 'id'])
@Index('pipeline_executions_org_created_idx', ['organizationId', 'createdAt', 'id'])
// Partial indexes (active executions of a group; deadlines of unfinished ones), which TypeORM cannot describe.
@Index('pipeline_executions_group_idx', { synchronize: false })
@Index('pipeline_executions_deadline_idx', { synchronize: false })
export class PipelineExecutionEntity {
  @PrimaryColumn('uuid')
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  definitionId: string;

  @Column('integer')
  definitionVersion: number;

  @Column('uuid')
  projectId: string;

  @Column('text')
  trigger: string;

  @Column('text', { nullable: true })
  actorType: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  event: Record<string, unknown>;

  @Column('text', { nullable: true })
  commitSha: string | null;

  @Column('text', { nullable: true })
  branch: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  inputs: Record<string, unknown>;

  @Column('text', { default: 'queued' })
  status: string;

  @Column('text', { nullable: true })
  concurrencyGroup: string | null;

  @Column('timestamptz', { nullable: true })
  admittedAt: Date | null;

  @Column('smallint', { default: 0 })
  priority: number;

  @Column('boolean', { default: false })
  isDeployment: boolean;

  @Column('integer', { default: 1 })
  runAttempt: number;

  @Column('integer')
  timeoutSeconds: number;

  @Column('timestamptz', { nullable: true })
  deadlineAt: Date | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { nullable: true })
  externalUrl: string | null;

  /** Set by the analytics module's templates (no foreign key yet). */
  @Column('uuid', { nullable: true })
  templateVersionId: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @PrimaryColumn('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A step of an execution (partitioned by its execution's created_at). */
@Entity('pipeline_step_executions')
@Check('pipeline_step_executions_key_check', 'length(key) BETWEEN 1 AND 100')
@Check('pipeline_step_executions_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('pipeline_step_executions_stage_check', 'length(stage) <= 100')
@Check('pipeline_step_executions_position_check', 'position >= 0')
@Check('pipeline_step_executions_status_check', `status IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'skipped')`)
@Check('pipeline_step_executions_attempt_check', 'attempt >= 0')
@Check('pipeline_step_executions_max_attempts_check', 'max_attempts BETWEEN 1 AND 10')
@Check('pipeline_step_executions_timeout_seconds_check', 'timeout_seconds > 0')
@Check('pipeline_step_executions_spec_check', `jsonb_typeof(spec) = 'object'`)
@Check('pipeline_step_executions_log_chunks_check', 'log_chunks >= 0')
@Check('pipeline_step_executions_log_bytes_check', 'log_bytes >= 0')
@Check('pipeline_step_executions_external_id_check', 'length(external_id) <= 200')
@Index('pipeline_step_executions_execution_idx', ['organizationId', 'executionId', 'position'])
// Partial index (running steps by lease), which TypeORM cannot describe.
@Index('pipeline_step_executions_lease_idx', { synchronize: false })
export class PipelineStepExecutionEntity {
  @PrimaryColumn('uuid')
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  executionId: string;

  @PrimaryColumn('timestamptz')
  executionCreatedAt: Date;

  @Column('text')
  key: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  stage: string | null;

  @Column('integer')
  position: number;

  @Column('text', { array: true, default: () => "'{}'" })
  needs: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  labels: string[];

  @Column('text', { default: 'pending' })
  status: string;

  @Column('integer', { default: 0 })
  attempt: number;

  @Column('integer', { default: 1 })
  maxAttempts: number;

  @Column('integer', { array: true, default: () => "'{}'" })
  retryExitCodes: number[];

  @Column('integer')
  timeoutSeconds: number;

  @Column('jsonb', { default: () => "'{}'" })
  spec: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  runnerId: string | null;

  @Column('timestamptz', { nullable: true })
  leaseExpiresAt: Date | null;

  @Column('boolean', { default: false })
  cancelRequested: boolean;

  @Column('integer', { nullable: true })
  exitCode: number | null;

  @Column('integer', { default: 0 })
  logChunks: number;

  @Column('bigint', { default: 0 })
  logBytes: string;

  @Column('text', { nullable: true })
  externalId: string | null;

  @Column('timestamptz', { nullable: true })
  queuedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A queued step, claimable (deleted when claimed). */
@Entity('pipeline_step_queue')
// (organization_id, priority DESC, queued_at, step_id): a DESC column, which TypeORM cannot describe.
@Index('pipeline_step_queue_order_idx', { synchronize: false })
export class PipelineStepQueueEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_step_queue_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  stepId: string;

  @Column('uuid')
  executionId: string;

  @Column('timestamptz')
  executionCreatedAt: Date;

  @Column('text', { array: true, default: () => "'{}'" })
  labels: string[];

  @Column('smallint', { default: 0 })
  priority: number;

  @Column('timestamptz', { default: () => 'now()' })
  queuedAt: Date;
}

/** One chunk of a step attempt's log (partitioned by month; append-only). */
@Entity('pipeline_step_logs')
@Check('pipeline_step_logs_attempt_check', 'attempt >= 1')
@Check('pipeline_step_logs_seq_check', 'seq >= 0')
@Check('pipeline_step_logs_bytes_check', 'bytes >= 0')
export class PipelineStepLogEntity {
  @PrimaryColumn('uuid')
  organizationId: string;

  @PrimaryColumn('uuid')
  stepId: string;

  @PrimaryColumn('integer')
  attempt: number;

  @PrimaryColumn('integer')
  seq: number;

  @Column('text')
  content: string;

  @Column('integer')
  bytes: number;

  @PrimaryColumn('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
