import { Injectable } from '@nestjs/common';
import { TenantTransaction, violatedConstraint } from '@switchyard/database';
import { RelationFromTask, TaskRelation, TaskRelationRepository } from '../../application/task-relation.repository';
import { Edge } from '../../domain/task-graph';
import { DuplicateRelationError } from '../../domain/task.errors';
import { RelationType, RelationView } from '../../domain/task.types';
import { TaskRelationEntity } from './task-relation.entity';
import { BLOCKS_EDGES_FROM, BLOCKS_PATH_EXISTS, FIND_PAIR, LOCK_DEPENDENCIES, RELATIONS_OF_TASK, RelationOfTaskRow, RelationRow } from './task-relation.sql';

const INVERSE: Record<RelationType, RelationView> = { blocks: 'blocked_by', relates_to: 'relates_to', duplicates: 'duplicated_by' };

/**
 * Relations are stored once, in their forward direction (`blocks`: blocker → blocked).
 * Reading them from the other end gives the inverse views; nothing is stored twice.
 */
@Injectable()
export class TaskRelationTypeormRepository extends TaskRelationRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }

  private get repo() {
    return this.transaction.manager.getRepository(TaskRelationEntity);
  }

  async lockDependencies(): Promise<void> {
    await this.transaction.query(LOCK_DEPENDENCIES, [this.org]);
  }

  async listFor(taskId: string): Promise<RelationFromTask[]> {
    const rows = await this.transaction.query<RelationOfTaskRow>(RELATIONS_OF_TASK, [this.org, taskId]);
    return rows.map((row) => ({
      id: row.id,
      type: row.source_id === taskId ? row.type : INVERSE[row.type],
      task: { id: row.other_id, title: row.title, status: row.status, projectId: row.project_id, deletedAt: row.deleted_at },
      createdAt: row.created_at,
    }));
  }

  async find(taskId: string, relationId: string): Promise<TaskRelation | undefined> {
    const row = await this.repo.findOne({
      where: [
        { organizationId: this.org, id: relationId, sourceId: taskId },
        { organizationId: this.org, id: relationId, targetId: taskId },
      ],
    });
    return row ? toRelation(row) : undefined;
  }

  async findPair(type: RelationType, a: string, b: string): Promise<TaskRelation | undefined> {
    const [row] = await this.transaction.query<RelationRow>(FIND_PAIR, [this.org, type, a, b]);
    return row ? fromRow(row) : undefined;
  }

  async blocksPathExists(from: string, to: string): Promise<boolean> {
    const [row] = await this.transaction.query<{ found: boolean }>(BLOCKS_PATH_EXISTS, [this.org, from, to]);
    return row.found;
  }

  async blocksEdgesReachableFrom(from: string, limit: number): Promise<Edge[]> {
    const rows = await this.transaction.query<{ source_id: string; target_id: string }>(BLOCKS_EDGES_FROM, [this.org, from, limit]);
    return rows.map((r) => [r.source_id, r.target_id] as const);
  }

  async insert(relation: { type: RelationType; sourceId: string; targetId: string; createdBy: { type: string; id: string | null } }): Promise<TaskRelation> {
    const row = {
      organizationId: this.org,
      type: relation.type,
      sourceId: relation.sourceId,
      targetId: relation.targetId,
      createdByType: relation.createdBy.type,
      createdById: relation.createdBy.id,
    };
    try {
      const { generatedMaps } = await this.repo.insert(row);
      const { id, createdAt } = generatedMaps[0] as Pick<TaskRelationEntity, 'id' | 'createdAt'>;
      return { id, type: row.type, sourceId: row.sourceId, targetId: row.targetId, createdAt };
    } catch (error) {
      // A concurrent request added the same pair first (relates_to/duplicates take no lock).
      if (violatedConstraint(error, '23505') === 'task_relations_pair_key') throw new DuplicateRelationError();
      throw error;
    }
  }

  async delete(relationId: string): Promise<void> {
    await this.repo.delete({ organizationId: this.org, id: relationId });
  }
}

function toRelation(row: TaskRelationEntity): TaskRelation {
  return { id: row.id, type: row.type, sourceId: row.sourceId, targetId: row.targetId, createdAt: row.createdAt };
}

function fromRow(row: RelationRow): TaskRelation {
  return { id: row.id, type: row.type, sourceId: row.source_id, targetId: row.target_id, createdAt: row.created_at };
}
