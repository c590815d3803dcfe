import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `webhook_deliveries`: every accepted webhook, raw body and headers, and its processing outcome.
 * Partitioned by month of receipt (PARTITION BY RANGE (received_at)); the key includes it.
 */
@Entity('webhook_deliveries')
@Check('webhook_deliveries_platform_check', `platform IN ('github', 'linear', 'slack')`)
@Check('webhook_deliveries_event_check', 'length(event) BETWEEN 1 AND 200')
@Check('webhook_deliveries_status_check', `status IN ('queued', 'processing', 'processed', 'ignored', 'failed', 'dead')`)
// DESC columns: TypeORM cannot say them.
@Index('webhook_deliveries_log_idx', { synchronize: false })
// Partial index (WHERE status = 'dead'): TypeORM cannot say it.
@Index('webhook_deliveries_dead_idx', { synchronize: false })
@ForeignKey('IntegrationEntity', ['organizationId', 'integrationId'], ['organizationId', 'id'], {
  name: 'webhook_deliveries_integration_fkey',
  onDelete: 'CASCADE',
})
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'webhook_deliveries_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn('timestamptz', { default: () => 'now()' })
  receivedAt: Date;

  @Column('uuid')
  integrationId: string;

  @Column('text')
  platform: string;

  @Column('text')
  event: string;

  @Column('text')
  dedupKey: string;

  @Column('jsonb', { default: {} })
  headers: Record<string, string>;

  @Column('bytea')
  body: Buffer;

  @Column('text', { default: 'queued' })
  status: string;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('jsonb', { nullable: true })
  outcome: Record<string, any> | null;

  @Column('uuid', { nullable: true })
  jobId: string | null;

  @Column('timestamptz', { nullable: true })
  processedAt: Date | null;
}
