import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | string;

/**
 * Append-only (the runtime role has no UPDATE or DELETE on it: migration 1732240000000). The two
 * indexes sort created_at (and id) descending, which TypeORM's @Index cannot say: declared for the
 * record, not synchronized.
 */
@Entity('audit_logs')
@Index('audit_logs_org_created_idx', ['organizationId', 'createdAt', 'id'], { synchronize: false })
@Index('audit_logs_org_entity_idx', ['organizationId', 'entityType', 'entityId', 'createdAt'], { synchronize: false })
@Check('audit_logs_actor_type_check', `actor_type IN ('user', 'api_key', 'integration', 'system')`)
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey('OrganizationEntity', { name: 'audit_logs_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @Column('text')
  actorType: 'user' | 'api_key' | 'integration' | 'system';

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  action: AuditAction;

  @Column('text')
  entityType: string;

  @Column('text', { nullable: true })
  entityId: string | null;

  @Column('jsonb', { default: {} })
  changes: Record<string, { from?: unknown; to?: unknown }>;

  @Column('text', { nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
