import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { WorkflowEntity } from './workflow.entity';

/** A phase of a workflow, ordered by `position` (migration TaskManagement). */
@Entity('workflow_phases')
// Deferred, so a reorder can swap positions inside one transaction.
@Unique('workflow_phases_position_key', ['organizationId', 'workflowId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
@Check('workflow_phases_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('workflow_phases_description_check', 'length(description) <= 10000')
@Check('workflow_phases_position_check', 'position >= 0')
@ForeignKey(() => WorkflowEntity, ['organizationId', 'workflowId'], ['organizationId', 'id'], { name: 'workflow_phases_workflow_fkey', onDelete: 'CASCADE' })
export class WorkflowPhaseEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'workflow_phases_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workflowId: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('integer')
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
