import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

/** One changed field of a task (migration TaskManagement). Append-only: the runtime role may not update or delete. */
@Entity('task_history')
@Check('task_history_actor_type_check', `actor_type IN ('user', 'api_key', 'integration', 'system')`)
@ForeignKey(() => TaskEntity, ['organizationId', 'taskId'], ['organizationId', 'id'], { name: 'task_history_task_fkey', onDelete: 'CASCADE' })
@Index('task_history_task_idx', ['organizationId', 'taskId', 'id'])
export class TaskHistoryEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'task_history_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  /** bigint: the driver hands it over as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid')
  taskId: string;

  @Column('text')
  field: string;

  @Column('jsonb', { nullable: true })
  oldValue: unknown;

  @Column('jsonb', { nullable: true })
  newValue: unknown;

  @Column('text')
  actorType: string;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  changedAt: Date;
}
