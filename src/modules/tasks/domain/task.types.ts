/** Enums and value types of Task Management (SPEC §2.3). */

export const TASK_TYPES = ['epic', 'story', 'task', 'bug', 'subtask'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_STATUSES = ['backlog', 'todo', 'in_progress', 'in_review', 'blocked', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses in which a task is finished: it no longer blocks anything. */
export const CLOSED_STATUSES: readonly TaskStatus[] = ['done', 'cancelled'];
/** Statuses a task may be in to sit in the ready queue (not started, not parked). */
export const READY_STATUSES: readonly TaskStatus[] = ['backlog', 'todo'];

export const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Sort rank: urgent first, none last (stored as a generated column too). */
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, medium: 2, low: 3, none: 4 };

export const ASSIGNEE_TYPES = ['user', 'agent'] as const;
export type AssigneeType = (typeof ASSIGNEE_TYPES)[number];

/** Who works on a task: a member of the organization, or an AI agent. */
export interface Assignee {
  type: AssigneeType;
  id: string;
}

export const REPORTER_TYPES = ['user', 'api_key', 'agent', 'integration', 'system'] as const;
export type ReporterType = (typeof REPORTER_TYPES)[number];

export interface Reporter {
  type: ReporterType;
  id: string | null;
}

/** Stored relation types. `blocked_by` is the inverse view of `blocks`, never stored. */
export const RELATION_TYPES = ['blocks', 'relates_to', 'duplicates'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** What clients may ask for or see, from the point of view of one task. */
export const RELATION_VIEWS = ['blocks', 'blocked_by', 'relates_to', 'duplicates', 'duplicated_by'] as const;
export type RelationView = (typeof RELATION_VIEWS)[number];

export const LIMITS = {
  titleLength: 500,
  descriptionLength: 100_000,
  labels: 50,
  labelLength: 64,
  metadataBytes: 16_384,
  bulkItems: 100,
  maxRetries: 100,
} as const;
