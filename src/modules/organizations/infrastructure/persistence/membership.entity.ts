import { Role } from '@switchyard/core';
import { VersionedTenantEntity } from '@switchyard/database';
import { Column, Entity } from 'typeorm';

@Entity('memberships')
export class MembershipEntity extends VersionedTenantEntity {
  @Column('uuid')
  userId: string;

  @Column('text')
  role: Role;
}
