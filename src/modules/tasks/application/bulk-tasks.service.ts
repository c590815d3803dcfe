import { Injectable } from '@nestjs/common';
import { Actor, COMMON, DomainError, StaleVersionError } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { applyChanges, editLabels, Task, TaskChanges } from '../domain/task';
import { planBatch } from '../domain/task-graph';
import {
  BulkItemError,
  BulkItemInvalidError,
  BulkRejectedError,
  BulkTooLargeError,
  ParentNotFoundError,
  TASKS,
  TaskNotFoundError,
} from '../domain/task.errors';
import { Assignee, LIMITS, Priority, TaskStatus } from '../domain/task.types';
import { TaskChangeLog } from './task-change-log';
import { TaskReferences } from './task-references';
import { NewTask, TaskRepository } from './task.repository';
import { CreateTaskInput, newTask, TasksService } from './tasks.service';

export interface BulkCreateItem extends CreateTaskInput {
  /** A name for this item, so later items can use it as `parentRef`. */
  ref?: string;
  /** The `ref` of another item of the batch to nest under (instead of `parentId`). */
  parentRef?: string;
}

export interface BulkUpdateItem {
  id: string;
  version?: number;
  status?: TaskStatus;
  priority?: Priority;
  assignee?: Assignee | null;
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
}

/**
 * Bulk create and bulk update: at most 100 items, all or nothing. Every item is checked first;
 * if any fails, nothing is written and the answer lists each failing item with its error.
 * Writes are one statement per table.
 */
@Injectable()
export class BulkTasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly single: TasksService,
    private readonly references: TaskReferences,
    private readonly changeLog: TaskChangeLog,
  ) {}

  async create(actor: Actor, items: BulkCreateItem[]): Promise<Task[]> {
    assertSize(items.length);
    const plan = planBatch(items);
    const errors: BulkItemError[] = [...plan.errors].map(([index, e]) => ({ index, ref: items[index].ref, ...e }));
    const refIndex = new Map(items.flatMap((item, index) => (item.ref !== undefined ? [[item.ref, index] as const] : [])));
    const check = this.references.session();
    const placements = await Promise.all(
      items.map(async (item, index) => {
        if (plan.errors.has(index)) return undefined;
        const parentIndex = item.parentRef !== undefined ? refIndex.get(item.parentRef) : undefined;
        const problem =
          (item.parentRef !== undefined && item.parentId ? new BulkItemInvalidError('Give either parentId or parentRef, not both') : undefined) ??
          (parentIndex !== undefined && items[parentIndex].projectId !== item.projectId ? new ParentNotFoundError(`ref:${item.parentRef}`) : undefined) ??
          (await this.single.checkNew(check, item, item.parentRef !== undefined));
        const placement = problem ?? (await check.placement(item.projectId, { workflowId: null, phaseId: null }, item));
        if (placement instanceof Error) {
          errors.push(itemError(index, placement, { ref: item.ref }));
          return undefined;
        }
        return placement;
      }),
    );
    if (errors.length > 0)
      throw new BulkRejectedError(
        errors.sort((a, b) => a.index - b.index),
        items.length,
      );

    const ids = items.map(() => randomUUID());
    const now = new Date();
    // Input order (task numbers follow it): the parent foreign key is checked at the end of the statement.
    const rows: NewTask[] = items.map((item, index) => {
      const parentId = item.parentRef !== undefined ? ids[refIndex.get(item.parentRef)!] : (item.parentId ?? null);
      const { ref: _ref, parentRef: _parentRef, ...input } = item;
      return newTask(actor, ids[index], { ...input, parentId }, placements[index]!, now);
    });
    const inserted = await this.tasks.insert(rows);
    await this.changeLog.created(actor, inserted);
    return inserted;
  }

  async update(actor: Actor, items: BulkUpdateItem[]): Promise<Task[]> {
    assertSize(items.length);
    const errors: BulkItemError[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) errors.push({ index, id: item.id, code: TASKS.DUPLICATE_ITEM.code, message: 'This task appears earlier in the batch' });
      seen.add(item.id);
    });
    const current = new Map((await this.tasks.findManyForUpdate([...seen])).map((task) => [task.id, task]));
    const check = this.references.session();
    const now = new Date();
    const pairs: Array<{ before: Task; after: Task }> = [];
    for (const [index, item] of items.entries()) {
      const before = current.get(item.id);
      try {
        if (!before) throw new TaskNotFoundError(item.id);
        if (item.version !== undefined && item.version !== before.version) throw new StaleVersionError('Task', item.id, item.version, before.version);
        const changes: TaskChanges = { status: item.status, priority: item.priority, assignee: item.assignee };
        if (item.labels || item.addLabels || item.removeLabels) changes.labels = editLabels(item.labels ?? before.labels, item.addLabels, item.removeLabels);
        const problem = await check.assignee(item.assignee);
        if (problem) throw problem;
        pairs.push({ before, after: applyChanges(before, changes, now) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (!errors.some((e) => e.index === index)) errors.push(itemError(index, error, { id: item.id }));
      }
    }
    if (errors.length > 0)
      throw new BulkRejectedError(
        errors.sort((a, b) => a.index - b.index),
        items.length,
      );
    const saved = await this.tasks.save(pairs.map((p) => p.after));
    await this.changeLog.changed(
      actor,
      saved.map((after, i) => ({ before: pairs[i].before, after })),
    );
    return saved;
  }
}

function assertSize(count: number): void {
  if (count > LIMITS.bulkItems) throw new BulkTooLargeError(count, LIMITS.bulkItems);
}

function itemError(index: number, error: Error, extra: { ref?: string; id?: string }): BulkItemError {
  const domain = error instanceof DomainError ? error : undefined;
  return {
    index,
    ...extra,
    code: domain?.code ?? COMMON.VALIDATION_FAILED.code,
    message: error.message,
    ...(domain?.details ? { details: domain.details } : {}),
  };
}
