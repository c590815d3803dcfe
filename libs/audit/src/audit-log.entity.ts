import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | string;

@Entity('audit_logs')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
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

  @Column('jsonb')
  changes: Record<string, { from?: unknown; to?: unknown }>;

  @Column('text', { nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
