import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `components`: every external system an organization's service talks to, with health and response times. */
@Entity('components')
@Unique('components_organization_name_key', ['organizationId', 'name'])
@Check('components_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('components_kind_check', `kind IN ('github', 'linear', 'slack', 'codegen', 'other')`)
@Check('components_health_status_check', `health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')`)
@ForeignKey('IntegrationEntity', ['organizationId', 'integrationId'], ['organizationId', 'id'], { name: 'components_integration_fkey', onDelete: 'CASCADE' })
export class ComponentEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'components_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: string;

  @Column('uuid', { nullable: true })
  integrationId: string | null;

  @Column('jsonb', { default: [] })
  capabilities: string[];

  @Column('text', { default: 'unknown' })
  healthStatus: string;

  @Column('double precision', { nullable: true })
  avgResponseMs: number | null;

  @Column('integer', { default: 0 })
  calls: number;

  @Column('integer', { default: 0 })
  failures: number;

  @Column('timestamptz', { nullable: true })
  lastSeenAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
