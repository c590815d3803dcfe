import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An AI agent of an organization (migration Agents). */
@Entity('agents')
@Check('agents_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('agents_type_check', `type ~ '^[a-z][a-z0-9_-]{0,49}$'`)
@Check('agents_provider_check', `provider IN ('codegen')`)
@Check('agents_configuration_check', `jsonb_typeof(configuration) = 'object'`)
@Check('agents_capabilities_check', `jsonb_typeof(capabilities) = 'object'`)
@Check('agents_max_concurrent_runs_check', 'max_concurrent_runs BETWEEN 1 AND 1000')
@Check('agents_monthly_budget_usd_check', 'monthly_budget_usd >= 0')
@Check('agents_usage_stats_check', `jsonb_typeof(usage_stats) = 'object'`)
// Unique on (organization_id, lower(name)): an expression index, which TypeORM cannot describe.
@Index('agents_name_key', { synchronize: false })
@Index('agents_org_created_idx', ['organizationId', 'createdAt', 'id'])
export class AgentEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'agents_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  type: string;

  @Column('text')
  provider: string;

  @Column('jsonb', { default: {} })
  configuration: Record<string, unknown>;

  @Column('jsonb', { default: {} })
  capabilities: Record<string, unknown>;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('integer', { default: 1 })
  maxConcurrentRuns: number;

  @Column('numeric', { precision: 12, scale: 4, nullable: true })
  monthlyBudgetUsd: string | null;

  @Column('jsonb', { default: {} })
  usageStats: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
