import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `component_communications`: every call to or from a component (direction, operation, attempt,
 * timeout, status, duration, error, correlation id). Partitioned by day of creation.
 */
@Entity('component_communications')
@Check('component_communications_direction_check', `direction IN ('inbound', 'outbound')`)
@Check('component_communications_operation_check', 'length(operation) BETWEEN 1 AND 200')
@Check('component_communications_status_check', `status IN ('succeeded', 'failed', 'timeout', 'refused', 'rate_limited', 'ignored')`)
// DESC columns: TypeORM cannot say them.
@Index('component_communications_component_idx', { synchronize: false })
@Index('component_communications_integration_idx', { synchronize: false })
@ForeignKey('ComponentEntity', ['organizationId', 'componentId'], ['organizationId', 'id'], {
  name: 'component_communications_component_fkey',
  onDelete: 'CASCADE',
})
export class ComponentCommunicationEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'component_communications_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('uuid')
  componentId: string;

  @Column('uuid', { nullable: true })
  integrationId: string | null;

  @Column('uuid', { nullable: true })
  deliveryId: string | null;

  @Column('text')
  direction: string;

  @Column('text')
  operation: string;

  @Column('integer', { default: 1 })
  attempt: number;

  @Column('integer', { nullable: true })
  timeoutMs: number | null;

  @Column('text')
  status: string;

  @Column('integer', { nullable: true })
  httpStatus: number | null;

  @Column('integer', { default: 0 })
  durationMs: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text', { nullable: true })
  correlationId: string | null;
}
