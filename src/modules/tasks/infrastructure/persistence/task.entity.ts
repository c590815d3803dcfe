import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { AssigneeType, Priority, ReporterType, TaskStatus, TaskType } from '../../domain/task.types';
import { WorkflowPhaseEntity } from './workflow-phase.entity';
import { WorkflowEntity } from './workflow.entity';

// The generated columns' expressions as PostgreSQL renders them back (information_schema.columns
// .generation_expression): TypeORM compares them textually (see test/platform/schema-drift).
const PRIORITY_RANK = `CASE priority
    WHEN 'urgent'::text THEN 0
    WHEN 'high'::text THEN 1
    WHEN 'medium'::text THEN 2
    WHEN 'low'::text THEN 3
    ELSE 4
END`;
const SEARCH = `(setweight(to_tsvector('english'::regconfig, title), 'A'::"char") || setweight(to_tsvector('english'::regconfig, description), 'B'::"char"))`;

/**
 * A task (migrations TaskManagement and TaskTreePaths). `priority_rank` and `search` are generated
 * by PostgreSQL; `depth` and `tree_path` are kept by the tree-path triggers: none is ever written
 * by the application. The triggers, RLS policies and the task_search() function live in the
 * migrations only.
 */
@Entity('tasks')
@Unique('tasks_org_project_id_key', ['organizationId', 'projectId', 'id'])
@Unique('tasks_project_number_key', ['number', 'projectId', 'organizationId'])
@Check('tasks_number_check', 'number > 0')
@Check('tasks_title_check', 'length(title) BETWEEN 1 AND 500')
@Check('tasks_description_check', 'length(description) <= 100000')
@Check('tasks_type_check', `type IN ('epic', 'story', 'task', 'bug', 'subtask')`)
@Check('tasks_status_check', `status IN ('backlog', 'todo', 'in_progress', 'in_review', 'blocked', 'done', 'cancelled')`)
@Check('tasks_priority_check', `priority IN ('urgent', 'high', 'medium', 'low', 'none')`)
@Check('tasks_assignee_type_check', `assignee_type IN ('user', 'agent')`)
@Check('tasks_reporter_type_check', `reporter_type IN ('user', 'api_key', 'agent', 'integration', 'system')`)
@Check('tasks_labels_check', 'cardinality(labels) <= 50')
@Check('tasks_estimate_check', 'estimate >= 0 AND estimate <= 1000000')
@Check('tasks_actual_minutes_check', 'actual_minutes >= 0')
@Check('tasks_retry_count_check', 'retry_count >= 0')
@Check('tasks_max_retries_check', 'max_retries BETWEEN 0 AND 100')
@Check('tasks_metadata_check', `jsonb_typeof(metadata) = 'object'`)
@Check('tasks_assignee_check', '(assignee_type IS NULL) = (assignee_id IS NULL)')
@Check('tasks_parent_check', 'parent_id <> id')
@Check('tasks_deleted_check', '(deleted_at IS NULL) = (deletion_id IS NULL)')
@ForeignKey('projects', ['organizationId', 'projectId'], ['organizationId', 'id'], { name: 'tasks_project_fkey', onDelete: 'CASCADE' })
// A parent in the same project. The tree-path trigger raises this constraint's name too, for a parent it cannot find.
@ForeignKey(() => TaskEntity, ['organizationId', 'projectId', 'parentId'], ['organizationId', 'projectId', 'id'], {
  name: 'tasks_parent_fkey',
  onDelete: 'CASCADE',
})
// The two SET NULLs clear only their own column (`SET NULL (workflow_id)`), which TypeORM cannot say; it compares the action only.
@ForeignKey(() => WorkflowEntity, ['organizationId', 'projectId', 'workflowId'], ['organizationId', 'projectId', 'id'], {
  name: 'tasks_workflow_fkey',
  onDelete: 'SET NULL',
})
@ForeignKey(() => WorkflowPhaseEntity, ['organizationId', 'phaseId'], ['organizationId', 'id'], { name: 'tasks_phase_fkey', onDelete: 'SET NULL' })
@Index('tasks_parent_idx', ['organizationId', 'parentId', 'projectId'])
@Index('tasks_tree_idx', ['organizationId', 'treePath', 'depth', 'id'])
@Index('tasks_org_created_idx', ['organizationId', 'createdAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('tasks_org_updated_idx', ['organizationId', 'updatedAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('tasks_org_priority_idx', ['organizationId', 'priorityRank', 'createdAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('tasks_project_created_idx', ['organizationId', 'projectId', 'createdAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('tasks_org_due_idx', ['organizationId', 'dueDate', 'id'], { where: 'deleted_at IS NULL AND due_date IS NOT NULL' })
@Index('tasks_assignee_idx', ['organizationId', 'assigneeId', 'createdAt'], { where: 'assignee_id IS NOT NULL' })
@Index('tasks_reporter_idx', ['organizationId', 'reporterId'], { where: 'reporter_id IS NOT NULL' })
@Index('tasks_workflow_idx', ['organizationId', 'workflowId', 'phaseId'], { where: 'workflow_id IS NOT NULL' })
@Index('tasks_phase_idx', ['organizationId', 'phaseId'], { where: 'phase_id IS NOT NULL' })
@Index('tasks_deletion_idx', ['organizationId', 'deletionId'], { where: 'deletion_id IS NOT NULL' })
@Index('tasks_ready_idx', ['organizationId', 'priorityRank', 'createdAt', 'id'], { where: `deleted_at IS NULL AND status IN ('backlog', 'todo')` })
// GIN indexes, on (labels) and (organization_id, search) with btree_gin: TypeORM cannot declare the access method.
@Index('tasks_labels_idx', { synchronize: false })
@Index('tasks_search_idx', { synchronize: false })
export class TaskEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'tasks_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  /** Sequential per project, from task_counters. */
  @Column('integer')
  number: number;

  @Column('uuid', { nullable: true })
  parentId: string | null;

  @Column('uuid', { nullable: true })
  workflowId: string | null;

  @Column('uuid', { nullable: true })
  phaseId: string | null;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  description: string;

  @Column('text', { default: 'task' })
  type: TaskType;

  @Column('text', { default: 'backlog' })
  status: TaskStatus;

  @Column('text', { default: 'none' })
  priority: Priority;

  /** The queue order of `priority`. The expression is PostgreSQL's rendering of the migration's, as the drift test reads it back. */
  @Column({ type: 'smallint', generatedType: 'STORED', asExpression: PRIORITY_RANK, insert: false, update: false })
  priorityRank: number;

  @Column('text', { nullable: true })
  assigneeType: AssigneeType | null;

  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @Column('text', { nullable: true })
  reporterType: ReporterType | null;

  @Column('uuid', { nullable: true })
  reporterId: string | null;

  // `'{}'::text[]` in the migration: TypeORM strips the cast from the default it reads back.
  @Column('text', { array: true, default: () => `'{}'` })
  labels: string[];

  @Column('double precision', { nullable: true })
  estimate: number | null;

  @Column('integer', { nullable: true })
  actualMinutes: number | null;

  /** `YYYY-MM-DD`: TypeORM hands a date column over as that string. */
  @Column('date', { nullable: true })
  dueDate: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('integer', { default: 0 })
  retryCount: number;

  @Column('integer', { default: 0 })
  maxRetries: number;

  // `'{}'::jsonb` in the migration (cast stripped, as for labels).
  @Column('jsonb', { default: () => `'{}'` })
  metadata: Record<string, unknown>;

  /** Weighted full-text document (title A, description B); read through task_search() only. */
  @Column({ type: 'tsvector', generatedType: 'STORED', asExpression: SEARCH, insert: false, update: false, select: false })
  search: string;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  /** Shared by every task one DELETE took; restore brings back exactly those. */
  @Column('uuid', { nullable: true })
  deletionId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Absolute depth (0: a root), kept by the tree-path triggers. */
  @Column({ type: 'integer', insert: false, update: false })
  depth: number;

  /** The ids from the root, truncated to 16 (migration TaskTreePaths), kept by the tree-path triggers. */
  @Column({ type: 'bytea', insert: false, update: false, select: false })
  treePath: Buffer;
}
