import { Injectable } from '@nestjs/common';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { applyChanges, normalizeLabels, Task, TaskChanges, transitionTimestamps } from '../domain/task';
import { assertMoveKeepsTree } from '../domain/task-graph';
import { HierarchyTooDeepError, ParentDeletedError, TaskDeletedError, TaskNotDeletedError, TaskNotFoundError } from '../domain/task.errors';
import { Assignee, Priority, TaskStatus, TaskType } from '../domain/task.types';
import { TaskChangeLog } from './task-change-log';
import { HistoryRecord, TaskHistoryRepository } from './task-history.repository';
import { TaskReferenceCheck, TaskReferences } from './task-references';
import { TaskTreeRepository } from './task-tree.repository';
import { NewTask, TaskListQuery, TaskRepository } from './task.repository';

export interface CreateTaskInput {
  projectId: string;
  parentId?: string | null;
  workflowId?: string | null;
  phaseId?: string | null;
  title: string;
  description?: string;
  type?: TaskType;
  status?: TaskStatus;
  priority?: Priority;
  assignee?: Assignee | null;
  /** A member reporting on someone's behalf (imports); defaults to the caller. */
  reporterId?: string;
  labels?: string[];
  estimate?: number | null;
  actualMinutes?: number | null;
  dueDate?: string | null;
  maxRetries?: number;
  metadata?: Record<string, unknown>;
}

export type UpdateTaskInput = TaskChanges & { version: number; parentId?: string | null };

/** Deepest ancestry a cycle check reads; beyond it a move is refused rather than walked forever. */
export const MAX_ANCESTRY = 100_000;

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly tree: TaskTreeRepository,
    private readonly historyLog: TaskHistoryRepository,
    private readonly references: TaskReferences,
    private readonly changeLog: TaskChangeLog,
  ) {}

  async create(actor: Actor, input: CreateTaskInput): Promise<Task> {
    const check = this.references.session();
    const problem = await this.checkNew(check, input);
    if (problem) throw problem;
    const placement = await check.placement(input.projectId, { workflowId: null, phaseId: null }, input);
    if (placement instanceof Error) throw placement;
    const [task] = await this.tasks.insert([newTask(actor, randomUUID(), input, placement, new Date())]);
    await this.changeLog.created(actor, [task]);
    return task;
  }

  /** Reference problems of a new task, the first one found (bulk create collects them per item). */
  async checkNew(check: TaskReferenceCheck, input: CreateTaskInput, parentInBatch = false): Promise<Error | undefined> {
    return (
      (await check.project(input.projectId)) ??
      (input.parentId && !parentInBatch ? await check.parent(input.projectId, input.parentId) : undefined) ??
      (await check.assignee(input.assignee)) ??
      (input.reporterId ? await check.assignee({ type: 'user', id: input.reporterId }, 'reporterId') : undefined)
    );
  }

  async get(id: string): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (!task) throw new TaskNotFoundError(id);
    return task;
  }

  /** A live task by its key's number within a project (integrations: `PAY-42` in a pull request). */
  findByNumber(projectId: string, number: number): Promise<Task | undefined> {
    return this.tasks.findByNumber(projectId, number);
  }

  list(query: TaskListQuery): Promise<Page<Task>> {
    return this.tasks.list(query);
  }

  async update(actor: Actor, id: string, input: UpdateTaskInput): Promise<Task> {
    const { version, parentId, ...changes } = input;
    const moving = parentId !== undefined;
    if (moving) await this.tree.lock(); // before any row lock: the order every hierarchy change takes
    const before = await this.lockForChange(id, version);
    const check = this.references.session();
    const next = applyChanges(before, changes, new Date());
    if (changes.assignee) {
      const problem = await check.assignee(changes.assignee);
      if (problem) throw problem;
    }
    if (changes.workflowId !== undefined || changes.phaseId !== undefined) {
      const placement = await check.placement(before.projectId, before, changes);
      if (placement instanceof Error) throw placement;
      Object.assign(next, placement);
    }
    if (moving && parentId !== before.parentId) {
      await this.checkMove(check, before, parentId);
      next.parentId = parentId;
    }
    const [after] = await this.tasks.save([next]);
    await this.changeLog.changed(actor, [{ before, after }]);
    return after;
  }

  /** Moves a task (with its subtree) under another parent of the same project, or to the root. */
  async move(actor: Actor, id: string, parentId: string | null, version?: number): Promise<Task> {
    await this.tree.lock();
    const before = await this.lockForChange(id, version);
    if (parentId === before.parentId) return before;
    await this.checkMove(this.references.session(), before, parentId);
    const [after] = await this.tasks.save([{ ...before, parentId }]);
    await this.changeLog.changed(actor, [{ before, after }], 'move');
    return after;
  }

  /**
   * Soft-deletes the task and its whole live subtree (children cannot outlive their parent);
   * restoring the task brings back exactly the tasks this delete took.
   */
  async delete(actor: Actor, id: string): Promise<{ id: string; deletedCount: number; deletedAt: Date }> {
    await this.tree.lock();
    const task = await this.tasks.findById(id, { lock: true });
    if (!task) throw new TaskNotFoundError(id);
    if (task.deletedAt) throw new TaskDeletedError(id);
    const ids = await this.tree.softDeleteSubtree(id, randomUUID());
    const deleted = await this.get(id);
    await this.changeLog.subtree(actor, 'delete', id, ids, deleted.deletedAt);
    return { id, deletedCount: ids.length, deletedAt: deleted.deletedAt! };
  }

  async restore(actor: Actor, id: string): Promise<Task> {
    await this.tree.lock();
    const task = await this.tasks.findById(id, { lock: true });
    if (!task) throw new TaskNotFoundError(id);
    if (!task.deletedAt) throw new TaskNotDeletedError(id);
    if (task.parentId) {
      const parent = await this.tasks.findById(task.parentId);
      if (parent?.deletedAt) throw new ParentDeletedError(id, parent.id);
    }
    const deletionId = await this.tasks.deletionIdOf(id);
    const ids = await this.tree.restoreDeletion(deletionId!);
    await this.changeLog.subtree(actor, 'restore', id, ids, task.deletedAt);
    return this.get(id);
  }

  async history(id: string, query: { limit: number; cursor?: string; field?: string }): Promise<Page<HistoryRecord>> {
    await this.get(id);
    return this.historyLog.list(id, query);
  }

  private async lockForChange(id: string, version: number | undefined): Promise<Task> {
    const task = await this.tasks.findById(id, { lock: true });
    if (!task) throw new TaskNotFoundError(id);
    if (version !== undefined && task.version !== version) throw new StaleVersionError('Task', id, version, task.version);
    if (task.deletedAt) throw new TaskDeletedError(id);
    return task;
  }

  /** Under the hierarchy lock: the new parent is live, in the same project, and not inside the task's subtree. */
  private async checkMove(check: TaskReferenceCheck, task: Task, parentId: string | null): Promise<void> {
    if (parentId === null) return;
    if (parentId !== task.id) {
      const problem = await check.parent(task.projectId, parentId);
      if (problem) throw problem;
    }
    if (parentId === task.id) return assertMoveKeepsTree(task.id, parentId, [task.id]);
    const ancestry = await this.tree.ancestorIds(parentId, MAX_ANCESTRY + 1);
    if (ancestry.length > MAX_ANCESTRY) throw new HierarchyTooDeepError(MAX_ANCESTRY);
    assertMoveKeepsTree(task.id, parentId, [parentId, ...ancestry]);
  }
}

export function newTask(
  actor: Actor,
  id: string,
  input: CreateTaskInput,
  placement: { workflowId: string | null; phaseId: string | null },
  now: Date,
): NewTask {
  const status = input.status ?? 'backlog';
  return {
    id,
    projectId: input.projectId,
    parentId: input.parentId ?? null,
    workflowId: placement.workflowId,
    phaseId: placement.phaseId,
    title: input.title,
    description: input.description ?? '',
    type: input.type ?? 'task',
    status,
    priority: input.priority ?? 'none',
    assignee: input.assignee ?? null,
    reporter: input.reporterId ? { type: 'user', id: input.reporterId } : { type: actor.type, id: actor.id ?? null },
    labels: normalizeLabels(input.labels ?? []),
    estimate: input.estimate ?? null,
    actualMinutes: input.actualMinutes ?? null,
    dueDate: input.dueDate ?? null,
    maxRetries: input.maxRetries ?? 0,
    metadata: input.metadata ?? {},
    ...transitionTimestamps({ status: 'backlog', startedAt: null, completedAt: null }, status, now),
  };
}
