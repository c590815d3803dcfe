import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A row of the durable queue (migration JobQueue). The queue itself reads and writes it with
 * set-based SQL (`SKIP LOCKED` claims, leases, backoff: libs/jobs/src/job-queue.ts); the entity
 * is the table's description, checked against the migrations by the schema-drift test.
 */
@Entity('job_queue')
@Check('job_queue_queue_check', `queue ~ '^[a-z0-9][a-z0-9._-]{0,99}$'`)
@Check('job_queue_state_check', `state IN ('queued', 'active', 'completed', 'dead')`)
@Check('job_queue_max_attempts_check', 'max_attempts BETWEEN 1 AND 100')
@Check('job_queue_backoff_ms_check', 'backoff_ms >= 0')
@Check('job_queue_max_backoff_ms_check', 'max_backoff_ms >= 0')
@Index('job_queue_ready_idx', ['queue', 'runAt'], { where: `state = 'queued'` })
@Index('job_queue_active_idx', ['queue', 'lockedUntil'], { where: `state = 'active'` })
@Index('job_queue_finished_idx', ['finishedAt'], { where: `state IN ('completed', 'dead')` })
@Index('job_queue_org_idx', ['organizationId', 'queue', 'createdAt'])
// NULLS NOT DISTINCT is beyond TypeORM's index options: kept by the migration only.
@Index('job_queue_singleton_key', { synchronize: false })
export class JobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'job_queue_pkey' })
  id: string;

  @Column('text')
  queue: string;

  /** Null for system jobs, which belong to no organization (RLS hides them from every tenant). */
  @Column('uuid', { nullable: true })
  @ForeignKey('OrganizationEntity', { name: 'job_queue_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  payload: unknown;

  @Column('text', { default: 'queued' })
  state: 'queued' | 'active' | 'completed' | 'dead';

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer', { default: 5 })
  maxAttempts: number;

  @Column('integer', { default: 1000 })
  backoffMs: number;

  @Column('integer', { default: 600000 })
  maxBackoffMs: number;

  @Column('timestamptz', { default: () => 'now()' })
  runAt: Date;

  @Column('text', { nullable: true })
  lockedBy: string | null;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('text', { nullable: true })
  singletonKey: string | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
