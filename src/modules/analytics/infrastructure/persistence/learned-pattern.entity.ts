import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

@Entity('learned_patterns')
@Check('learned_patterns_type_check', `type IN ('slow_phase', 'flaky_step', 'failure_message', 'agent_task_type_failure')`)
@Check('learned_patterns_key_check', 'length(key) BETWEEN 1 AND 500')
@Check('learned_patterns_confidence_check', 'confidence BETWEEN 0 AND 1')
@Check('learned_patterns_effectiveness_check', 'effectiveness BETWEEN 0 AND 1')
@Check('learned_patterns_occurrences_check', 'occurrences >= 0')
@Unique('learned_patterns_key_key', ['organizationId', 'type', 'key'])
@Index('learned_patterns_org_seen_idx', ['organizationId', 'lastSeenAt', 'id'])
export class LearnedPatternEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'learned_patterns_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('text')
  key: string;

  @Column('text')
  description: string;

  @Column('double precision')
  confidence: number;

  @Column('double precision', { nullable: true })
  effectiveness: number | null;

  @Column('integer', { default: 0 })
  occurrences: number;

  @Column('jsonb', { default: () => `'{}'` })
  evidence: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  firstSeenAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  lastSeenAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
