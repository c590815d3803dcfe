import { Role } from '@switchyard/core';
import { TenantEntity } from '@switchyard/database';
import { Column, Entity } from 'typeorm';

@Entity('invitations')
export class InvitationEntity extends TenantEntity {
  @Column('text')
  email: string;

  @Column('text')
  role: Role;

  @Column('bytea', { select: false })
  tokenHash: Buffer;

  @Column('uuid', { nullable: true })
  invitedBy: string | null;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { nullable: true })
  acceptedBy: string | null;
}
