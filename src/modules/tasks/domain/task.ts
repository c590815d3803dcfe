import { InvalidTransitionError, TaskDeletedError } from './task.errors';
import { Assignee, CLOSED_STATUSES, Priority, Reporter, TaskStatus, TaskType } from './task.types';

/** A unit of work in a project: the node of the hierarchy and of the dependency graph. */
export interface Task {
  id: string;
  organizationId: string;
  projectId: string;
  /** Sequential within the project; with the project's key prefix it makes keys like `PAY-42`. */
  number: number;
  parentId: string | null;
  workflowId: string | null;
  phaseId: string | null;
  title: string;
  /** Markdown. */
  description: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  assignee: Assignee | null;
  reporter: Reporter | null;
  labels: string[];
  /** In the project's estimation unit (points, hours or days). */
  estimate: number | null;
  actualMinutes: number | null;
  /** Calendar date, `YYYY-MM-DD`. */
  dueDate: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  retryCount: number;
  maxRetries: number;
  metadata: Record<string, unknown>;
  deletedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields a client edits directly. Status goes through the transition rules. */
export type TaskChanges = Partial<
  Pick<
    Task,
    | 'title'
    | 'description'
    | 'type'
    | 'status'
    | 'priority'
    | 'assignee'
    | 'labels'
    | 'estimate'
    | 'actualMinutes'
    | 'dueDate'
    | 'maxRetries'
    | 'metadata'
    | 'workflowId'
    | 'phaseId'
  >
>;

/**
 * The status workflow. Work is started before it is reviewed or done; done and cancelled
 * tasks can be reopened. Every status may be cancelled except done (reopen it first).
 */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  backlog: ['todo', 'in_progress', 'cancelled'],
  todo: ['backlog', 'in_progress', 'blocked', 'cancelled'],
  in_progress: ['todo', 'in_review', 'blocked', 'done', 'cancelled'],
  in_review: ['in_progress', 'blocked', 'done', 'cancelled'],
  blocked: ['todo', 'in_progress', 'cancelled'],
  done: ['todo', 'in_progress'],
  cancelled: ['backlog', 'todo'],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function assertTransition(from: TaskStatus, to: TaskStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to, TRANSITIONS[from]);
}

export function isClosed(status: TaskStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/**
 * The timestamps a status change sets: `startedAt` the first time work starts (kept on later
 * moves, so cycle time measures from the first start), `completedAt` when the task closes
 * (done or cancelled), cleared when it is reopened.
 */
export function transitionTimestamps(
  task: Pick<Task, 'status' | 'startedAt' | 'completedAt'>,
  to: TaskStatus,
  now: Date,
): Pick<Task, 'startedAt' | 'completedAt'> {
  if (to === task.status) return { startedAt: task.startedAt, completedAt: task.completedAt };
  const startedAt = task.startedAt ?? (to === 'in_progress' || to === 'in_review' || to === 'done' ? now : null);
  const completedAt = isClosed(to) ? (isClosed(task.status) ? task.completedAt : now) : null;
  return { startedAt, completedAt };
}

/** Applies a client's changes under the domain rules; returns the new state (not yet versioned). */
export function applyChanges(task: Task, changes: TaskChanges, now: Date): Task {
  if (task.deletedAt) throw new TaskDeletedError(task.id);
  const next: Task = { ...task };
  for (const [key, value] of Object.entries(changes) as Array<[keyof TaskChanges, unknown]>) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  if (changes.labels) next.labels = normalizeLabels(changes.labels);
  if (changes.status && changes.status !== task.status) {
    assertTransition(task.status, changes.status);
    Object.assign(next, transitionTimestamps(task, changes.status, now));
  }
  return next;
}

/** Labels are case-preserving but unique case-insensitively, trimmed, in first-seen order. */
export function normalizeLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of labels) {
    const label = raw.trim();
    const key = label.toLowerCase();
    if (!label || seen.has(key)) continue;
    seen.add(key);
    result.push(label);
  }
  return result;
}

export function editLabels(current: readonly string[], add: readonly string[] = [], remove: readonly string[] = []): string[] {
  const removed = new Set(remove.map((l) => l.trim().toLowerCase()));
  return normalizeLabels([...current.filter((l) => !removed.has(l.toLowerCase())), ...add]);
}

/**
 * A claimed task that failed: retried (back to `todo`, unassigned) while retries remain,
 * otherwise parked as `blocked` for a human to look at.
 */
export function recordFailure(task: Task, now: Date): Task {
  const retryCount = task.retryCount + 1;
  const exhausted = retryCount > task.maxRetries;
  const to: TaskStatus = exhausted ? 'blocked' : 'todo';
  assertTransition(task.status, to);
  return { ...task, retryCount, status: to, assignee: exhausted ? task.assignee : null, ...transitionTimestamps(task, to, now) };
}

/** Gives a claimed task back to the queue without counting a failure. */
export function releaseClaim(task: Task, now: Date): Task {
  assertTransition(task.status, 'todo');
  return { ...task, status: 'todo', assignee: null, ...transitionTimestamps(task, 'todo', now) };
}

/** Takes a ready task: assigned to the claimer and started. */
export function claim(task: Task, assignee: Assignee, now: Date): Task {
  assertTransition(task.status, 'in_progress');
  return { ...task, assignee, status: 'in_progress', ...transitionTimestamps(task, 'in_progress', now) };
}

/** Fields whose changes the per-field history records. */
export const TRACKED_FIELDS = [
  'title',
  'description',
  'type',
  'status',
  'priority',
  'assignee',
  'parentId',
  'workflowId',
  'phaseId',
  'labels',
  'estimate',
  'actualMinutes',
  'dueDate',
  'startedAt',
  'completedAt',
  'retryCount',
  'maxRetries',
  'metadata',
  'deletedAt',
] as const satisfies ReadonlyArray<keyof Task>;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export interface FieldChange {
  field: TrackedField;
  oldValue: unknown;
  newValue: unknown;
}

/**
 * Field-by-field difference of two states of a task, as JSON values. With no `before`
 * (creation) every field that holds a value is listed, from null.
 */
export function diffTask(before: Task | null, after: Task): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TRACKED_FIELDS) {
    const oldValue = before ? toJson(before[field]) : null;
    const newValue = toJson(after[field]);
    if (!before && isEmpty(newValue)) continue;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === '' ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

export interface ProgressNode {
  status: TaskStatus;
  estimate: number | null;
}

export interface Progress {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** done ÷ (total − cancelled), 0–1; null when nothing counts. */
  ratio: number | null;
  estimateTotal: number;
  estimateDone: number;
  /** Estimate-weighted: done estimates ÷ estimates of tasks not cancelled; null without estimates. */
  weightedRatio: number | null;
}

/**
 * Progress of a set of tasks (a parent's children, a subtree's leaves, a workflow phase).
 * Cancelled tasks count for nothing: they are neither work left nor work done.
 */
export function rollUp(nodes: Iterable<ProgressNode>): Progress {
  const byStatus = { backlog: 0, todo: 0, in_progress: 0, in_review: 0, blocked: 0, done: 0, cancelled: 0 } as Record<TaskStatus, number>;
  let estimateTotal = 0;
  let estimateDone = 0;
  for (const node of nodes) {
    byStatus[node.status] += 1;
    if (node.status === 'cancelled' || node.estimate === null) continue;
    estimateTotal += node.estimate;
    if (node.status === 'done') estimateDone += node.estimate;
  }
  return fromCounts(byStatus, estimateTotal, estimateDone);
}

/** The same figures from counts already aggregated (by SQL). */
export function fromCounts(byStatus: Record<TaskStatus, number>, estimateTotal: number, estimateDone: number): Progress {
  const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  const counted = total - byStatus.cancelled;
  return {
    total,
    byStatus,
    ratio: counted > 0 ? round(byStatus.done / counted) : null,
    estimateTotal,
    estimateDone,
    weightedRatio: estimateTotal > 0 ? round(estimateDone / estimateTotal) : null,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
