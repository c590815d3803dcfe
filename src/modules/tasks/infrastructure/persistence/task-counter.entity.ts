import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** The last task number handed out per project; its row lock orders concurrent creates (migration TaskManagement). */
@Entity('task_counters')
@Check('task_counters_last_number_check', 'last_number >= 0')
@ForeignKey('projects', ['organizationId', 'projectId'], ['organizationId', 'id'], { name: 'task_counters_project_fkey', onDelete: 'CASCADE' })
export class TaskCounterEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'task_counters_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryColumn('uuid')
  projectId: string;

  @Column('integer')
  lastNumber: number;
}
