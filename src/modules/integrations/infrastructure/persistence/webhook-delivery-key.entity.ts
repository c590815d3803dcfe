import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** `webhook_delivery_keys`: the dedup key of every accepted delivery (deliveries are partitioned by time, so the unique key lives here). */
@Entity('webhook_delivery_keys')
@Check('webhook_delivery_keys_dedup_key_check', 'length(dedup_key) BETWEEN 1 AND 200')
@Index('webhook_delivery_keys_received_idx', ['receivedAt'])
@ForeignKey('IntegrationEntity', ['organizationId', 'integrationId'], ['organizationId', 'id'], {
  name: 'webhook_delivery_keys_integration_fkey',
  onDelete: 'CASCADE',
})
export class WebhookDeliveryKeyEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'webhook_delivery_keys_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  integrationId: string;

  @PrimaryColumn('text')
  dedupKey: string;

  @Column('uuid')
  deliveryId: string;

  @Column('timestamptz')
  receivedAt: Date;
}
