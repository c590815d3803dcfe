import { HierarchyCycleError, TASKS } from './task.errors';
import { PRIORITY_RANK, Priority, TaskStatus } from './task.types';
import { isClosed } from './task';

/** A directed edge `from → to` (for `blocks`: the blocker, then the task it blocks). */
export type Edge = readonly [from: string, to: string];

/**
 * Shortest path from `start` to `goal` over the edges (breadth first), or null. Iterative, so
 * a 10,000-long chain costs 10,000 steps and no stack.
 */
export function findPath(edges: Iterable<Edge>, start: string, goal: string): string[] | null {
  if (start === goal) return [start];
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const cameFrom = new Map<string, string>([[start, start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head];
    for (const neighbour of next.get(node) ?? []) {
      if (cameFrom.has(neighbour)) continue;
      cameFrom.set(neighbour, node);
      if (neighbour === goal) return unwind(cameFrom, start, goal);
      queue.push(neighbour);
    }
  }
  return null;
}

function unwind(cameFrom: Map<string, string>, start: string, goal: string): string[] {
  const path = [goal];
  for (let node = goal; node !== start; ) {
    node = cameFrom.get(node)!;
    path.push(node);
  }
  return path.reverse();
}

/**
 * Adding `blocker → blocked` closes a cycle exactly when `blocked` already reaches `blocker`.
 * Returns the cycle as `blocker → blocked → … → blocker`, or null when the edge is safe.
 */
export function blockingCycle(existing: Iterable<Edge>, blocker: string, blocked: string): string[] | null {
  const back = findPath(existing, blocked, blocker);
  return back ? [blocker, ...back] : null;
}

/**
 * Moving `taskId` under `newParentId` is a cycle when the task is the new parent or one of its
 * ancestors. `ancestry` is the new parent's path to its root, nearest first
 * (`[newParent, grandparent, …, root]`). The error names the loop `task → … → newParent → task`.
 */
export function assertMoveKeepsTree(taskId: string, newParentId: string | null, ancestry: readonly string[]): void {
  if (newParentId === null) return;
  const at = ancestry.indexOf(taskId);
  if (newParentId === taskId) throw new HierarchyCycleError([taskId, taskId]);
  if (at >= 0) throw new HierarchyCycleError([taskId, ...ancestry.slice(0, at).reverse(), taskId]);
}

export interface QueueCandidate {
  id: string;
  status: TaskStatus;
  priority: Priority;
  createdAt: Date;
  deletedAt?: Date | null;
}

/** Ready-queue order: priority (urgent first), then age (oldest first), then id for a total order. */
export function compareReady(a: QueueCandidate, b: QueueCandidate): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A task is ready when it is open and not started (backlog/todo), not deleted, and every task
 * blocking it is finished (done, cancelled or deleted).
 */
export function isReady(task: QueueCandidate, blockers: readonly QueueCandidate[]): boolean {
  if (task.deletedAt || (task.status !== 'backlog' && task.status !== 'todo')) return false;
  return blockers.every((blocker) => isClosed(blocker.status) || !!blocker.deletedAt);
}

/** The ready queue over an in-memory graph (the SQL adapter does the same with an index). */
export function readyQueue(tasks: readonly QueueCandidate[], blocks: Iterable<Edge>): QueueCandidate[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const blockersOf = new Map<string, QueueCandidate[]>();
  for (const [from, to] of blocks) {
    const blocker = byId.get(from);
    if (!blocker) continue;
    blockersOf.set(to, [...(blockersOf.get(to) ?? []), blocker]);
  }
  return tasks.filter((t) => isReady(t, blockersOf.get(t.id) ?? [])).sort(compareReady);
}

export interface BatchItem {
  ref?: string;
  parentRef?: string;
}

export interface BatchPlan {
  /** Item indexes, parents before their children. */
  order: number[];
  /** Per item index: why it cannot be created. */
  errors: Map<number, { code: string; message: string }>;
}

/**
 * Orders a bulk-create batch whose items may name a parent inside the batch (`parentRef`):
 * parents first. Reports unknown and duplicate refs and reference loops per item.
 */
export function planBatch(items: readonly BatchItem[]): BatchPlan {
  const errors = new Map<number, { code: string; message: string }>();
  const indexOfRef = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.ref === undefined) return;
    if (indexOfRef.has(item.ref)) errors.set(index, { code: TASKS.DUPLICATE_REF.code, message: `ref "${item.ref}" is used by an earlier item` });
    else indexOfRef.set(item.ref, index);
  });
  const parentOf = new Map<number, number>();
  items.forEach((item, index) => {
    if (item.parentRef === undefined) return;
    const parent = indexOfRef.get(item.parentRef);
    if (parent === undefined) errors.set(index, { code: TASKS.UNKNOWN_REF.code, message: `parentRef "${item.parentRef}" names no item of this batch` });
    else parentOf.set(index, parent);
  });

  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  for (let start = 0; start < items.length; start += 1) {
    // Walk up to the first placed ancestor, then place the chain top-down (no recursion).
    const chain: number[] = [];
    let node: number | undefined = start;
    while (node !== undefined && !state.has(node)) {
      state.set(node, 'visiting');
      chain.push(node);
      node = parentOf.get(node);
    }
    if (node !== undefined && state.get(node) === 'visiting') {
      const loopStart = chain.indexOf(node);
      for (const member of chain.slice(loopStart)) {
        errors.set(member, { code: TASKS.REF_CYCLE.code, message: 'parentRef references form a loop' });
      }
    }
    for (const member of chain.reverse()) {
      state.set(member, 'done');
      order.push(member);
    }
  }
  return { order, errors };
}
