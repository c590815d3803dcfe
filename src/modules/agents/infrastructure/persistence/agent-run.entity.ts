import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { AgentEntity } from './agent.entity';

/** One run of an agent at its provider (migration Agents). */
@Entity('agent_runs')
@Check('agent_runs_prompt_check', 'length(prompt) BETWEEN 1 AND 100000')
@Check('agent_runs_context_check', `jsonb_typeof(context) = 'object'`)
@Check('agent_runs_source_type_check', `source_type IN ('api', 'handoff', 'ready_queue')`)
@Check('agent_runs_status_check', `status IN ('queued', 'running', 'completed', 'failed', 'cancelled')`)
@Check('agent_runs_pull_requests_check', `jsonb_typeof(pull_requests) = 'array'`)
@Check('agent_runs_attempts_check', 'attempts >= 0')
@Check('agent_runs_polls_check', 'polls >= 0')
@Check('agent_runs_estimated_input_tokens_check', 'estimated_input_tokens >= 0')
@Check('agent_runs_estimated_output_tokens_check', 'estimated_output_tokens >= 0')
@Check('agent_runs_estimated_cost_usd_check', 'estimated_cost_usd >= 0')
@Check('agent_runs_reported_tokens_check', 'reported_tokens >= 0')
@Check('agent_runs_reported_cost_usd_check', 'reported_cost_usd >= 0')
@ForeignKey(() => AgentEntity, ['organizationId', 'agentId'], ['organizationId', 'id'], { name: 'agent_runs_agent_fkey', onDelete: 'CASCADE' })
// SET NULL (task_id) clears only its own column, which TypeORM cannot say; it compares the action only.
@ForeignKey('tasks', ['organizationId', 'taskId'], ['organizationId', 'id'], { name: 'agent_runs_task_fkey', onDelete: 'SET NULL' })
@Index('agent_runs_agent_created_idx', ['organizationId', 'agentId', 'createdAt', 'id'])
@Index('agent_runs_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('agent_runs_open_idx', ['organizationId', 'agentId'], { where: `status IN ('queued', 'running')` })
@Index('agent_runs_task_idx', ['organizationId', 'taskId'], { where: 'task_id IS NOT NULL' })
@Index('agent_runs_due_idx', ['nextCheckAt'], { where: `status IN ('queued', 'running')` })
export class AgentRunEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('OrganizationEntity', { name: 'agent_runs_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  agentId: string;

  @Column('uuid', { nullable: true })
  taskId: string | null;

  /** Filled by the analytics module's templates (its foreign key comes with them). */
  @Column('uuid', { nullable: true })
  templateVersionId: string | null;

  @Column('text')
  prompt: string;

  @Column('jsonb', { default: {} })
  context: Record<string, unknown>;

  @Column('text', { default: 'api' })
  sourceType: string;

  @Column('text', { default: 'queued' })
  status: string;

  @Column('text', { nullable: true })
  externalRunId: string | null;

  @Column('text', { nullable: true })
  webUrl: string | null;

  @Column('text', { nullable: true })
  result: string | null;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('jsonb', { default: [] })
  pullRequests: unknown[];

  @Column('text', { nullable: true })
  error: string | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer', { default: 0 })
  polls: number;

  @Column('integer', { default: 0 })
  step: number;

  @Column('timestamptz', { nullable: true })
  nextCheckAt: Date | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  timeoutAt: Date | null;

  @Column('integer', { default: 0 })
  estimatedInputTokens: number;

  @Column('integer', { default: 0 })
  estimatedOutputTokens: number;

  @Column('numeric', { precision: 12, scale: 6, default: 0 })
  estimatedCostUsd: string;

  @Column('integer', { nullable: true })
  reportedTokens: number | null;

  @Column('numeric', { precision: 12, scale: 6, nullable: true })
  reportedCostUsd: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
