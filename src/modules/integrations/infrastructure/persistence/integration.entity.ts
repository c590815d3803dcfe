import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `integrations`: one connection of an organization to GitHub, Linear or Slack. Secrets are sealed (SecretBox) and never leave the service. */
@Entity('integrations')
// The webhook route finds an integration by id before any tenant is known.
@Index('integrations_id_idx', ['id'])
@Unique('integrations_organization_name_key', ['organizationId', 'name'])
@Check('integrations_platform_check', `platform IN ('github', 'linear', 'slack')`)
@Check('integrations_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('integrations_status_check', `status IN ('active', 'disabled', 'unhealthy')`)
export class IntegrationEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'integrations_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  platform: string;

  @Column('text')
  name: string;

  @Column('jsonb', { default: {} })
  configuration: object;

  @Column('text', { nullable: true })
  credentialsSealed: string | null;

  @Column('text')
  webhookSecretSealed: string;

  @Column('text', { nullable: true })
  previousWebhookSecretSealed: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretValidUntil: Date | null;

  @Column('text', { default: 'active' })
  status: string;

  @Column('timestamptz', { nullable: true })
  lastSuccessAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastErrorAt: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('integer', { default: 0 })
  consecutiveFailures: number;

  @Column('timestamptz', { nullable: true })
  circuitOpenUntil: Date | null;

  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
