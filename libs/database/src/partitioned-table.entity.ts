import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A table partitioned by time (migration PartitionsAndEvents): registered by its module's
 * migration through `partition_register(...)`, kept by `partition_maintain()` (the scheduled job
 * `partition-maintenance`, libs/jobs). The service only reads the list.
 */
@Entity('partitioned_tables')
@Check('partitioned_tables_period_check', `period IN ('day', 'month')`)
@Check('partitioned_tables_ahead_check', 'ahead BETWEEN 1 AND 400')
@Check('partitioned_tables_retention_key_check', `retention_key ~ '^[a-zA-Z][a-zA-Z0-9]{0,62}$'`)
@Check('partitioned_tables_default_retention_days_check', 'default_retention_days BETWEEN 1 AND 36500')
export class PartitionedTableEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'partitioned_tables_pkey' })
  tableName: string;

  @Column('text')
  timeColumn: string;

  @Column('text')
  period: 'day' | 'month';

  /** Partitions kept ready ahead of now. */
  @Column('integer')
  ahead: number;

  /** The key of organizations.settings.retentionDays that sets an organization's retention. */
  @Column('text')
  retentionKey: string;

  @Column('integer')
  defaultRetentionDays: number;

  @CreateDateColumn({ type: 'timestamptz' })
  registeredAt: Date;
}
