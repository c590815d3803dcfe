import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** `external_mappings`: one external object (GitHub repository, Linear issue, ...) ↔ one internal entity. */
@Entity('external_mappings')
@Unique('external_mappings_external_key', ['organizationId', 'integrationId', 'externalType', 'externalId'])
@Index('external_mappings_entity_idx', ['organizationId', 'entityType', 'entityId'])
@Check('external_mappings_platform_check', `platform IN ('github', 'linear', 'slack')`)
@Check('external_mappings_external_type_check', 'length(external_type) BETWEEN 1 AND 100')
@Check('external_mappings_external_id_check', 'length(external_id) BETWEEN 1 AND 500')
@Check('external_mappings_entity_type_check', 'length(entity_type) BETWEEN 1 AND 100')
@ForeignKey('IntegrationEntity', ['organizationId', 'integrationId'], ['organizationId', 'id'], {
  name: 'external_mappings_integration_fkey',
  onDelete: 'CASCADE',
})
export class ExternalMappingEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'external_mappings_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  integrationId: string;

  @Column('text')
  platform: string;

  @Column('text')
  externalType: string;

  @Column('text')
  externalId: string;

  @Column('text')
  entityType: string;

  @Column('uuid')
  entityId: string;

  @Column('integer', { nullable: true })
  entityVersion: number | null;

  @Column('text', { nullable: true })
  lastSentFingerprint: string | null;

  @Column('timestamptz', { nullable: true })
  externalUpdatedAt: Date | null;

  @Column('jsonb', { default: {} })
  metadata: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
