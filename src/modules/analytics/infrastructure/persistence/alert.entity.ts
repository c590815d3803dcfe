import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('alerts')
@Check('alerts_severity_check', `severity IN ('info', 'warning', 'critical')`)
@Check('alerts_status_check', `status IN ('open', 'acknowledged')`)
@Unique('alerts_anomaly_key', ['organizationId', 'anomalyId'])
@ForeignKey('anomalies', ['organizationId', 'anomalyId'], ['organizationId', 'id'], { name: 'alerts_anomaly_fkey', onDelete: 'CASCADE' })
@Index('alerts_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class AlertEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'alerts_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  anomalyId: string;

  @Column('uuid')
  ruleId: string;

  @Column('text')
  severity: string;

  @Column('text')
  message: string;

  @Column('text', { default: 'open' })
  status: string;

  @Column('uuid', { nullable: true })
  acknowledgedBy: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
