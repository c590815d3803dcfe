import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RelationType } from '../../domain/task.types';
import { TaskEntity } from './task.entity';

/**
 * A relation between two tasks, stored once in its forward direction (`blocks`: blocker → blocked;
 * migration TaskManagement). `blocked_by` and `duplicated_by` are these rows read from the other end.
 */
@Entity('task_relations')
@Check('task_relations_type_check', `type IN ('blocks', 'relates_to', 'duplicates')`)
@Check('task_relations_created_by_type_check', `created_by_type IN ('user', 'api_key', 'integration', 'system')`)
@Check('task_relations_self_check', 'source_id <> target_id')
@ForeignKey(() => TaskEntity, ['organizationId', 'sourceId'], ['organizationId', 'id'], { name: 'task_relations_source_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => TaskEntity, ['organizationId', 'targetId'], ['organizationId', 'id'], { name: 'task_relations_target_fkey', onDelete: 'CASCADE' })
// Unique over the unordered pair, (organization_id, type, least(a, b), greatest(a, b)): an expression index.
@Index('task_relations_pair_key', { synchronize: false })
@Index('task_relations_source_idx', ['organizationId', 'sourceId', 'type', 'targetId'])
@Index('task_relations_target_idx', ['organizationId', 'targetId', 'type', 'sourceId'])
export class TaskRelationEntity {
  @PrimaryColumn('uuid')
  @ForeignKey('organizations', { name: 'task_relations_organization_id_fkey', onDelete: 'CASCADE' })
  organizationId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  type: RelationType;

  @Column('uuid')
  sourceId: string;

  @Column('uuid')
  targetId: string;

  @Column('text')
  createdByType: string;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
