import { Role } from '@switchyard/core';
import { VersionedTenantEntity } from '@switchyard/database';
import { Check, Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { UserEntity } from './user.entity';

@Entity('memberships')
@ForeignKey('OrganizationEntity', ['organizationId'], ['id'], { name: 'memberships_organization_id_fkey', onDelete: 'CASCADE' })
@Unique('memberships_organization_user_key', ['organizationId', 'userId'])
@Index('memberships_user_idx', ['userId'])
@Index('memberships_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Check('memberships_role_check', `role IN ('owner', 'admin', 'member', 'viewer')`)
export class MembershipEntity extends VersionedTenantEntity {
  @Column('uuid')
  userId: string;

  /** Members are listed with their user's email and name (joined, never written through this). */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'memberships_user_id_fkey' })
  user?: UserEntity;

  @Column('text')
  role: Role;
}
