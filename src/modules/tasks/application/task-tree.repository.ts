import { Page } from '@switchyard/core';
import { Progress } from '../domain/task';
import { Assignee, Priority, TaskStatus, TaskType } from '../domain/task.types';

export interface TreeNode {
  id: string;
  parentId: string | null;
  /** Distance from the task asked about: 1 for children (descendants), 1 for the parent (ancestors). */
  depth: number;
  title: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  assignee: Assignee | null;
  estimate: number | null;
  labels: string[];
}

/** A node as asked for: id, parentId and depth always, the other fields unless `fields` left them out. */
export type TreeNodeView = Pick<TreeNode, 'id' | 'parentId' | 'depth'> & Partial<TreeNode>;

/** The node fields a client may ask for; id, parentId and depth always come. */
export const NODE_FIELDS = ['title', 'type', 'status', 'priority', 'assignee', 'estimate', 'labels'] as const;
export type NodeField = (typeof NODE_FIELDS)[number];

export interface DescendantQuery {
  limit: number;
  /** Only these fields of each node (a lean answer for a whole subtree); all when absent. */
  fields?: NodeField[];
  cursor?: string;
  maxDepth?: number;
  status?: TaskStatus[];
  type?: TaskType[];
  assigneeId?: string;
}

/**
 * The hierarchy: parent_id is the source of truth, and every task also carries its depth and a
 * bounded materialized path (tree_path, kept by triggers), so a subtree is one index range;
 * ancestors, cycle checks, deletes and subtrees deeper than the path walk parent_id instead.
 * Every walk is bounded (depth cap and row cap), so a pathological chain costs time linear in
 * its length and never unbounded memory.
 */
export abstract class TaskTreeRepository {
  /**
   * Serializes hierarchy changes of the organization until the transaction ends. Taken before
   * the cycle check of a move, so two racing moves cannot both pass it.
   */
  abstract lock(): Promise<void>;
  /** Nearest first, up to the root; at most `limit` entries. */
  abstract ancestorsOf(id: string, limit: number): Promise<TreeNode[]>;
  /** Ids only, nearest first, up to the root (the cycle check of a move); at most `limit`. */
  abstract ancestorIds(id: string, limit: number): Promise<string[]>;
  /**
   * Live tasks only, in tree order: depth first, every task right after its parent and before
   * its parent's next sibling, siblings by id. Below 16 levels of nesting the tasks under one
   * ancestor at that depth come breadth first (by depth, then id).
   */
  abstract descendantsOf(id: string, query: DescendantQuery): Promise<Page<TreeNodeView>>;
  abstract subtreeIds(id: string): Promise<string[]>;
  /** Direct children (`children`) and leaves of the subtree (`leaves`), live tasks only. */
  abstract progressOf(id: string): Promise<{ children: Progress; leaves: Progress; descendants: number }>;
  /** Marks the task and its live subtree deleted with one deletion id; returns the ids. */
  abstract softDeleteSubtree(id: string, deletionId: string): Promise<string[]>;
  /** Brings back every task deleted with this deletion id; returns the ids. */
  abstract restoreDeletion(deletionId: string): Promise<string[]>;
}
