import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Every series an organization has sent (name + md5 of tags), written by the ingestion statement. */
@Entity('metric_series')
// GIN on tags: TypeORM cannot declare the access method.
@Index('metric_series_tags_idx', { synchronize: false })
export class MetricSeriesEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'metric_series_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  name: string;

  @PrimaryColumn('text')
  series: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('timestamptz', { default: () => 'now()' })
  firstSeenAt: Date;
}
