import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { OrganizationLimits, Tier } from '../../domain/organization';

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  slug: string;

  @Column('text')
  tier: Tier;

  @Column('jsonb')
  settings: Record<string, unknown>;

  @Column('jsonb')
  features: Record<string, boolean>;

  @Column('jsonb')
  limits: OrganizationLimits;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
