import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A registered runner (migration Pipelines). The token is shown once; only the SHA-256 of its secret is kept. */
@Entity('pipeline_runners')
@Check('pipeline_runners_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('pipeline_runners_labels_check', 'cardinality(labels) <= 50')
@Index('pipeline_runners_id_key', ['id'], { unique: true })
@Index('pipeline_runners_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class PipelineRunnerEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'pipeline_runners_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { array: true, default: () => "'{}'" })
  labels: string[];

  @Column('bytea')
  tokenHash: Buffer;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSeenAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
