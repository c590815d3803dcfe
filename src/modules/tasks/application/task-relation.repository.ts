import { Edge } from '../domain/task-graph';
import { RelationType, RelationView, TaskStatus } from '../domain/task.types';

export interface TaskRelation {
  id: string;
  type: RelationType;
  sourceId: string;
  targetId: string;
  createdAt: Date;
}

/** A relation seen from one task: `blocked_by` and `duplicated_by` are the stored rows read backwards. */
export interface RelationFromTask {
  id: string;
  type: RelationView;
  task: { id: string; title: string; status: TaskStatus; projectId: string; deletedAt: Date | null };
  createdAt: Date;
}

export abstract class TaskRelationRepository {
  /** Serializes `blocks` insertions of the organization until the transaction ends (cycle check). */
  abstract lockDependencies(): Promise<void>;
  abstract listFor(taskId: string): Promise<RelationFromTask[]>;
  abstract find(taskId: string, relationId: string): Promise<TaskRelation | undefined>;
  /** Any stored relation of this type between the two tasks, in either direction. */
  abstract findPair(type: RelationType, a: string, b: string): Promise<TaskRelation | undefined>;
  /** True when `to` can be reached from `from` over `blocks` edges. */
  abstract blocksPathExists(from: string, to: string): Promise<boolean>;
  /** The `blocks` edges among the tasks reachable from `from` (to name a cycle path). */
  abstract blocksEdgesReachableFrom(from: string, limit: number): Promise<Edge[]>;
  abstract insert(relation: { type: RelationType; sourceId: string; targetId: string; createdBy: { type: string; id: string | null } }): Promise<TaskRelation>;
  abstract delete(relationId: string): Promise<void>;
}
