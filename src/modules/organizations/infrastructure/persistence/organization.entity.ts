import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { OrganizationLimits, Tier } from '../../domain/organization';

/** The tenant itself (migration 1732240000000-PlatformFoundation); RLS shows only the current one. */
@Entity('organizations')
@Unique('organizations_slug_key', ['slug'])
@Check('organizations_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('organizations_slug_check', `slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'`)
@Check('organizations_tier_check', `tier IN ('free', 'team', 'business', 'enterprise')`)
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  slug: string;

  @Column('text', { default: 'free' })
  tier: Tier;

  @Column('jsonb', { default: {} })
  settings: Record<string, unknown>;

  @Column('jsonb', { default: {} })
  features: Record<string, boolean>;

  @Column('jsonb', { default: {} })
  limits: OrganizationLimits;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
