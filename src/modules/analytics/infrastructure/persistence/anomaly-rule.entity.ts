import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity('anomaly_rules')
@Check('anomaly_rules_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('anomaly_rules_metric_name_check', 'length(metric_name) BETWEEN 1 AND 200')
@Check('anomaly_rules_kind_check', `kind IN ('seasonal', 'threshold', 'percent_change')`)
@Check('anomaly_rules_sensitivity_check', 'sensitivity > 0 AND sensitivity <= 100')
@Check('anomaly_rules_percent_check', 'percent > 0')
@Check('anomaly_rules_direction_check', `direction IN ('above', 'below', 'both')`)
@Check('anomaly_rules_window_minutes_check', 'window_minutes BETWEEN 1 AND 10080')
@Check('anomaly_rules_severity_check', `severity IN ('info', 'warning', 'critical')`)
@Check('anomaly_rules_slot_check', 'slot BETWEEN 0 AND 59')
@Check('anomaly_rules_threshold_required_check', `kind <> 'threshold' OR threshold IS NOT NULL`)
@Check('anomaly_rules_percent_required_check', `kind <> 'percent_change' OR percent IS NOT NULL`)
@Index('anomaly_rules_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('anomaly_rules_slot_idx', ['slot'], { where: 'enabled' })
export class AnomalyRuleEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'anomaly_rules_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  metricName: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('text')
  kind: string;

  @Column('double precision', { default: () => '3.5' })
  sensitivity: number;

  @Column('double precision', { nullable: true })
  threshold: number | null;

  @Column('double precision', { nullable: true })
  percent: number | null;

  @Column('text', { default: 'both' })
  direction: string;

  @Column('integer', { default: 60 })
  windowMinutes: number;

  @Column('text', { default: 'warning' })
  severity: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('smallint')
  slot: number;

  @Column('timestamptz', { nullable: true })
  lastEvaluatedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
