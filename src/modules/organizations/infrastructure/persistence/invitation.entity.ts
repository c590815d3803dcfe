import { Role } from '@switchyard/core';
import { TenantEntity } from '@switchyard/database';
import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';

@Entity('invitations')
@ForeignKey('OrganizationEntity', ['organizationId'], ['id'], { name: 'invitations_organization_id_fkey', onDelete: 'CASCADE' })
@Unique('invitations_organization_token_hash_key', ['organizationId', 'tokenHash'])
/** One pending invitation per email and organization (the adapter maps its violation to INVITATION_PENDING). */
@Index('invitations_pending_email_key', ['organizationId', 'email'], { unique: true, where: 'accepted_at IS NULL' })
@Index('invitations_org_created_idx', ['organizationId', 'createdAt', 'id'])
/** The lookup by hash before the tenant is known (auth_invitation). */
@Index('invitations_token_hash_idx', ['tokenHash'])
@Check('invitations_email_check', 'email = lower(email)')
@Check('invitations_role_check', `role IN ('owner', 'admin', 'member', 'viewer')`)
export class InvitationEntity extends TenantEntity {
  @Column('text')
  email: string;

  @Column('text')
  role: Role;

  @Column('bytea', { select: false })
  tokenHash: Buffer;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'invitations_invited_by_fkey', onDelete: 'SET NULL' })
  invitedBy: string | null;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { nullable: true })
  @ForeignKey('UserEntity', { name: 'invitations_accepted_by_fkey', onDelete: 'SET NULL' })
  acceptedBy: string | null;
}
