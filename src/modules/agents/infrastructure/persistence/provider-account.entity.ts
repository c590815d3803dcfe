import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One provider account as every replica sees it (migration Agents): the grants of each rate-limit
 * window, the pause a 429 asked for, the circuit breaker. Only SQL touches it (provider-account.sql.ts).
 */
@Entity('agent_provider_accounts')
@Check('agent_provider_accounts_account_key_check', 'length(account_key) BETWEEN 1 AND 200')
@Check('agent_provider_accounts_consecutive_failures_check', 'consecutive_failures >= 0')
export class ProviderAccountEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'agent_provider_accounts_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('text')
  accountKey: string;

  @Column('timestamptz', { array: true, default: () => `'{}'` })
  createGrants: Date[];

  @Column('timestamptz', { array: true, default: () => `'{}'` })
  readGrants: Date[];

  @Column('timestamptz', { nullable: true })
  pausedUntil: Date | null;

  @Column('integer', { default: 0 })
  consecutiveFailures: number;

  @Column('timestamptz', { nullable: true })
  circuitOpenUntil: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
