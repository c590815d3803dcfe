import { Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { blockingCycle } from '../domain/task-graph';
import {
  DependencyCycleError,
  DuplicateRelationError,
  RelationNotFoundError,
  SelfRelationError,
  TaskDeletedError,
  TaskNotFoundError,
} from '../domain/task.errors';
import { RelationType, RelationView } from '../domain/task.types';
import { TaskChangeLog } from './task-change-log';
import { RelationFromTask, TaskRelationRepository } from './task-relation.repository';
import { TaskRepository } from './task.repository';

/** Most edges a cycle report loads; beyond it the cycle is still refused, with a shortened path. */
const MAX_CYCLE_EDGES = 50_000;

/** How a requested view is stored: inverse views swap the ends of the stored relation. */
const STORED: Record<RelationView, { type: RelationType; inverse: boolean }> = {
  blocks: { type: 'blocks', inverse: false },
  blocked_by: { type: 'blocks', inverse: true },
  relates_to: { type: 'relates_to', inverse: false },
  duplicates: { type: 'duplicates', inverse: false },
  duplicated_by: { type: 'duplicates', inverse: true },
};

@Injectable()
export class TaskRelationsService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly relations: TaskRelationRepository,
    private readonly changeLog: TaskChangeLog,
  ) {}

  async list(taskId: string): Promise<RelationFromTask[]> {
    await this.existing(taskId);
    return this.relations.listFor(taskId);
  }

  /**
   * Relates two tasks of the organization. A `blocks` edge is added under the organization's
   * dependency lock, after a cycle check that therefore sees every committed edge: of two
   * requests adding A→B and B→A at once, the second waits, then finds the cycle.
   */
  async add(actor: Actor, taskId: string, view: RelationView, otherId: string): Promise<RelationFromTask> {
    if (taskId === otherId) throw new SelfRelationError();
    const { type, inverse } = STORED[view];
    const [sourceId, targetId] = inverse ? [otherId, taskId] : [taskId, otherId];
    if (type === 'blocks') await this.relations.lockDependencies();
    const task = await this.existing(taskId);
    const other = await this.tasks.findById(otherId);
    if (!other) throw new TaskNotFoundError(otherId, 'Related task');
    for (const t of [task, other]) if (t.deletedAt) throw new TaskDeletedError(t.id);
    // The same blocks edge again is a duplicate; the reverse edge is a two-task cycle, reported as such below.
    const existing = await this.relations.findPair(type, sourceId, targetId);
    if (existing && (type !== 'blocks' || existing.sourceId === sourceId)) throw new DuplicateRelationError(existing.id);
    if (type === 'blocks' && (await this.relations.blocksPathExists(targetId, sourceId))) {
      const edges = await this.relations.blocksEdgesReachableFrom(targetId, MAX_CYCLE_EDGES);
      throw new DependencyCycleError(blockingCycle(edges, sourceId, targetId) ?? [sourceId, targetId, '…', sourceId]);
    }
    const relation = await this.relations.insert({ type, sourceId, targetId, createdBy: { type: actor.type, id: actor.id ?? null } });
    await this.changeLog.relation(actor, 'create', relation);
    return {
      id: relation.id,
      type: view,
      task: { id: other.id, title: other.title, status: other.status, projectId: other.projectId, deletedAt: other.deletedAt },
      createdAt: relation.createdAt,
    };
  }

  async remove(actor: Actor, taskId: string, relationId: string): Promise<void> {
    await this.existing(taskId);
    const relation = await this.relations.find(taskId, relationId);
    if (!relation) throw new RelationNotFoundError(relationId);
    await this.relations.delete(relationId);
    await this.changeLog.relation(actor, 'delete', relation);
  }

  private async existing(id: string) {
    const task = await this.tasks.findById(id);
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }
}
