import { Role } from '@switchyard/core';
import { TenantEntity } from '@switchyard/database';
import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';

@Entity('api_keys')
@ForeignKey('OrganizationEntity', ['organizationId'], ['id'], { name: 'api_keys_organization_id_fkey', onDelete: 'CASCADE' })
@Index('api_keys_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Check('api_keys_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('api_keys_role_check', `role IN ('owner', 'admin', 'member', 'viewer')`)
export class ApiKeyEntity extends TenantEntity {
  @Column('text')
  name: string;

  @Column('text')
  role: Role;

  /** Checked only inside auth_enter; never read back by the service. */
  @Column('bytea', { select: false })
  secretHash: Buffer;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'api_keys_created_by_fkey', onDelete: 'SET NULL' })
  createdBy: string | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;
}
