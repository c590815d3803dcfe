import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type EventSeverity = 'debug' | 'info' | 'warning' | 'error' | 'critical';
export type EventActorType = 'user' | 'api_key' | 'agent' | 'integration' | 'system';

/**
 * The event log (migration PartitionsAndEvents): partitioned by month on occurred_at, append-only
 * for the service, retention key `events`. The DESC and partial indexes are beyond TypeORM's
 * index options: declared by name, kept by the migration.
 */
@Entity('events')
@Index('events_org_time_idx', { synchronize: false })
@Index('events_correlation_idx', { synchronize: false })
@Index('events_trace_idx', { synchronize: false })
@Index('events_entity_idx', { synchronize: false })
@Index('events_task_idx', { synchronize: false })
@Check('events_type_check', `length(type) <= 100 AND type ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'`)
@Check('events_source_check', 'length(source) BETWEEN 1 AND 100')
@Check('events_target_check', 'length(target) BETWEEN 1 AND 100')
@Check('events_entity_type_check', 'length(entity_type) BETWEEN 1 AND 100')
@Check('events_entity_id_check', 'length(entity_id) BETWEEN 1 AND 200')
@Check('events_severity_check', `severity IN ('debug', 'info', 'warning', 'error', 'critical')`)
@Check('events_payload_check', `jsonb_typeof(payload) = 'object'`)
@Check('events_actor_type_check', `actor_type IN ('user', 'api_key', 'agent', 'integration', 'system')`)
@Check('events_correlation_id_check', 'length(correlation_id) <= 200')
@Check('events_trace_id_check', `trace_id ~ '^[0-9a-f]{32}$'`)
export class EventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'events_pkey' })
  id: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'events_pkey' })
  @ForeignKey('OrganizationEntity', { name: 'events_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'events_pkey', default: () => 'now()' })
  occurredAt: Date;

  @Column('text')
  type: string;

  @Column('text')
  source: string;

  @Column('text', { nullable: true })
  target: string | null;

  @Column('text', { nullable: true })
  entityType: string | null;

  @Column('text', { nullable: true })
  entityId: string | null;

  @Column('uuid', { nullable: true })
  taskId: string | null;

  @Column('uuid', { nullable: true })
  workflowId: string | null;

  @Column('text', { default: 'info' })
  severity: EventSeverity;

  @Column('jsonb', { default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column('text', { nullable: true })
  actorType: EventActorType | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  correlationId: string | null;

  @Column('text', { nullable: true })
  traceId: string | null;
}
