import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | string;

/**
 * Append-only (the runtime role has no UPDATE or DELETE on it: migration 1732240000000). Both
 * indexes sort descending, which TypeORM's @Index cannot say: declared by name, not synchronized.
 */
@Entity('audit_logs')
// (organization_id, created_at DESC, id DESC): the audit log list's keyset order
@Index('audit_logs_org_created_idx', { synchronize: false })
// (organization_id, entity_type, entity_id, created_at DESC): one entity's history
@Index('audit_logs_org_entity_idx', { synchronize: false })
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
