import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImportProgress, ImportReport, ImportStatus } from '../../domain/import';

/** An import started over HTTP and run by a job (migration TaskImports). `source` is cleared when it ends. */
@Entity('imports')
@Check('imports_status_check', `status IN ('queued', 'running', 'succeeded', 'failed')`)
@Check('imports_source_bytes_check', 'source_bytes >= 0')
@Check('imports_created_by_type_check', `created_by_type IN ('user', 'api_key', 'integration', 'system')`)
@Index('imports_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class ImportEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'imports_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { default: 'queued' })
  status: ImportStatus;

  @Column('boolean', { default: false })
  dryRun: boolean;

  @Column('text', { nullable: true })
  projectSlug: string | null;

  /** The uploaded document, until the import ends. */
  @Column('jsonb', { nullable: true, select: false })
  source: unknown;

  @Column('integer')
  sourceBytes: number;

  // `'{}'::jsonb` in the migration (TypeORM strips the cast from the default it reads back).
  @Column('jsonb', { default: () => `'{}'` })
  progress: ImportProgress;

  @Column('jsonb', { nullable: true })
  report: ImportReport | null;

  @Column('jsonb', { nullable: true })
  error: { code: string; message: string; details?: Record<string, unknown> } | null;

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('text')
  createdByType: string;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
