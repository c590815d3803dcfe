import type { AnalysisMetrics, AnalysisResults, AnalysisStatus, AnalysisType } from '../../domain/analysis';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `analysis_runs`: one code analysis of a branch (or commit) of a repository. */
@Entity('analysis_runs')
@Unique('analysis_runs_org_id_key', ['organizationId', 'id'])
@Check('analysis_runs_branch_check', 'length(branch) BETWEEN 1 AND 255')
@Check('analysis_runs_requested_sha_check', `requested_sha ~ '^[0-9a-f]{7,64}$'`)
@Check('analysis_runs_commit_sha_check', `commit_sha ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'`)
@Check('analysis_runs_type_check', `type IN ('full', 'metrics', 'coverage')`)
@Check('analysis_runs_status_check', `status IN ('queued', 'running', 'completed', 'failed')`)
@ForeignKey('RepositoryEntity', ['organizationId', 'repositoryId'], ['organizationId', 'id'], { name: 'analysis_runs_repository_fkey', onDelete: 'CASCADE' })
// (organization_id, repository_id, queued_at DESC, id DESC): TypeORM cannot declare a column's order.
@Index('analysis_runs_repository_idx', { synchronize: false })
@Index('analysis_runs_trend_idx', ['organizationId', 'repositoryId', 'branch', 'finishedAt'], { where: `status = 'completed'` })
@Index('analysis_runs_unfinished_idx', ['queuedAt'], { where: `status IN ('queued', 'running')` })
export class AnalysisRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'analysis_runs_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('uuid')
  repositoryId: string;

  @Column('text')
  branch: string;

  @Column('text', { nullable: true })
  requestedSha: string | null;

  @Column('text', { nullable: true })
  commitSha: string | null;

  @Column('text', { default: 'full' })
  type: AnalysisType;

  @Column('text', { default: 'queued' })
  status: AnalysisStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  /** The job_queue job that executes the run (no foreign key: finished jobs are purged). */
  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('text', { nullable: true })
  analyzer: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('jsonb', { nullable: true })
  metrics: AnalysisMetrics | null;

  @Column('jsonb', { nullable: true })
  results: AnalysisResults | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'analysis_runs_requested_by_fkey', onDelete: 'SET NULL' })
  requestedBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  queuedAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  heartbeatAt: Date | null;

  @Column('integer', { nullable: true })
  durationMs: number | null;

  /** Bumped by every status change (the claims in analysis-run.sql.ts); attaching the job leaves it. */
  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
