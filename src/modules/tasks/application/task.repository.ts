import { Page } from '@switchyard/core';
import { Task } from '../domain/task';
import { AssigneeType, Priority, TaskStatus, TaskType } from '../domain/task.types';

export const TASK_SORTS = ['created', '-created', 'updated', '-updated', 'priority', '-priority', 'due', '-due', 'relevance'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export interface TaskListQuery {
  limit: number;
  cursor?: string;
  /** Defaults to `relevance` with `q`, else `-created`. */
  sort?: TaskSort;
  projectId?: string;
  workflowId?: string;
  phaseId?: string;
  status?: TaskStatus[];
  priority?: Priority[];
  type?: TaskType[];
  assigneeId?: string;
  assigneeType?: AssigneeType | 'none';
  reporterId?: string;
  /** Tasks carrying every one of these labels. */
  labels?: string[];
  parentId?: string;
  topLevel?: boolean;
  dueBefore?: string;
  dueAfter?: string;
  updatedSince?: Date;
  /** Free text: ranked full-text search over title (weight A) and description (B). */
  q?: string;
  deleted?: 'exclude' | 'include' | 'only';
}

/** What a new row needs; ids are chosen by the caller so a batch can reference itself. */
export type NewTask = Omit<
  Task,
  'organizationId' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'startedAt' | 'completedAt' | 'retryCount'
> &
  Partial<Pick<Task, 'startedAt' | 'completedAt'>>;

/** Tasks of the current organization (explicitly filtered, and by RLS underneath). */
export abstract class TaskRepository {
  abstract findById(id: string, options?: { lock?: boolean }): Promise<Task | undefined>;
  /** A live task by its number in its project (the number of a key like `PAY-42`). */
  abstract findByNumber(projectId: string, number: number): Promise<Task | undefined>;
  /** Locks the rows (FOR UPDATE) in id order, so concurrent batches cannot deadlock. */
  abstract findManyForUpdate(ids: string[]): Promise<Task[]>;
  /** One statement for the whole batch; returns rows in input order. */
  abstract insert(tasks: NewTask[]): Promise<Task[]>;
  /** Writes the tasks' current state, bumping each version; returns the stored rows in input order. */
  abstract save(tasks: Task[]): Promise<Task[]>;
  abstract list(query: TaskListQuery): Promise<Page<Task>>;
  abstract deletionIdOf(id: string): Promise<string | undefined>;
}
