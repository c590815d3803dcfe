import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

/**
 * The id a task has in another system (migration TaskImports): per project and source
 * (`tasks.json`), so an import of the same file again finds the tasks it made. Goes with its task.
 */
@Entity('task_external_ids')
@Check('task_external_ids_source_check', 'length(source) BETWEEN 1 AND 64')
@Check('task_external_ids_external_id_check', 'length(external_id) BETWEEN 1 AND 128')
@ForeignKey(() => TaskEntity, ['organizationId', 'projectId', 'taskId'], ['organizationId', 'projectId', 'id'], {
  name: 'task_external_ids_task_fkey',
  onDelete: 'CASCADE',
})
@Index('task_external_ids_task_key', ['organizationId', 'taskId', 'source'], { unique: true })
export class TaskExternalIdEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'task_external_ids_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  projectId: string;

  @PrimaryColumn('text')
  source: string;

  @PrimaryColumn('text')
  externalId: string;

  @Column('uuid')
  taskId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
