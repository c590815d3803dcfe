import { Role } from '@switchyard/core';
import { TenantEntity } from '@switchyard/database';
import { Column, Entity } from 'typeorm';

@Entity('api_keys')
export class ApiKeyEntity extends TenantEntity {
  @Column('text')
  name: string;

  @Column('text')
  role: Role;

  @Column('bytea', { select: false })
  secretHash: Buffer;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;
}
