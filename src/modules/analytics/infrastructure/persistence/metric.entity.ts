import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** One metric point; partitioned by month on recorded_at (partition_register). `series` = md5 of the canonical tags. */
@Entity('metrics')
export class MetricEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'metrics_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  name: string;

  @PrimaryColumn('text')
  series: string;

  @PrimaryColumn('timestamptz')
  recordedAt: Date;

  @Column('double precision')
  value: number;

  @Column('text', { default: '' })
  unit: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;
}
