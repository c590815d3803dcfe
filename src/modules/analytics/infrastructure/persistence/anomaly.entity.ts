import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('anomalies')
@Check('anomalies_status_check', `status IN ('open', 'resolved')`)
@Check('anomalies_severity_check', `severity IN ('info', 'warning', 'critical')`)
@ForeignKey('anomaly_rules', ['organizationId', 'ruleId'], ['organizationId', 'id'], { name: 'anomalies_rule_fkey', onDelete: 'CASCADE' })
@Index('anomalies_open_key', ['organizationId', 'ruleId'], { unique: true, where: `status = 'open'` })
@Index('anomalies_org_started_idx', ['organizationId', 'startedAt', 'id'])
export class AnomalyEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'anomalies_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ruleId: string;

  @Column('text')
  metricName: string;

  @Column('jsonb', { default: () => `'{}'` })
  tags: Record<string, string>;

  @Column('text', { default: 'open' })
  status: string;

  @Column('text')
  severity: string;

  @Column('double precision')
  observed: number;

  @Column('double precision', { nullable: true })
  expected: number | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('jsonb', { default: () => `'{}'` })
  evidence: Record<string, unknown>;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz')
  lastSeenAt: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
