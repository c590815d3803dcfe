import { DomainError } from '@switchyard/core';
import { TaskStatus } from './task.types';

export class TaskNotFoundError extends DomainError {
  constructor(id: string, what = 'Task') {
    super('not_found', 'TASKS.NOT_FOUND', `${what} ${id} was not found`, { entity: 'task', id });
  }
}

/** A parent that does not exist, is deleted, lives in another project or another tenant. */
export class ParentNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'TASKS.PARENT_NOT_FOUND', `Parent task ${id} was not found in this project`, { entity: 'task', id, field: 'parentId' });
  }
}

export class ProjectNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'PROJECTS.NOT_FOUND', `Project ${id} was not found`, { entity: 'project', id, field: 'projectId' });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: TaskStatus, to: TaskStatus, allowed: readonly TaskStatus[]) {
    super(
      'conflict',
      'TASKS.INVALID_TRANSITION',
      `A task cannot go from "${from}" to "${to}"; from "${from}" it can go to ${allowed.map((s) => `"${s}"`).join(', ') || 'nothing'}`,
      { from, to, allowed },
    );
  }
}

export class TaskDeletedError extends DomainError {
  constructor(id: string) {
    super('conflict', 'TASKS.DELETED', `Task ${id} is deleted; restore it first`, { id });
  }
}

export class TaskNotDeletedError extends DomainError {
  constructor(id: string) {
    super('conflict', 'TASKS.NOT_DELETED', `Task ${id} is not deleted`, { id });
  }
}

export class ParentDeletedError extends DomainError {
  constructor(id: string, parentId: string) {
    super('conflict', 'TASKS.PARENT_DELETED', `Task ${id} cannot be restored while its parent ${parentId} is deleted; restore the parent, or move the task`, {
      id,
      parentId,
    });
  }
}

/** A move (or parent change) that would put a task under itself. `cycle` reads child → … → child. */
export class HierarchyCycleError extends DomainError {
  constructor(cycle: string[]) {
    super('conflict', 'TASKS.HIERARCHY_CYCLE', `Moving the task there would make it its own ancestor: ${cycle.join(' → ')}`, { cycle });
  }
}

/** A `blocks` relation that would close a loop. `cycle` reads blocker → blocked → … → blocker. */
export class DependencyCycleError extends DomainError {
  constructor(cycle: string[]) {
    super('conflict', 'TASKS.DEPENDENCY_CYCLE', `This relation would create a blocking cycle: ${cycle.join(' → ')}`, { cycle });
  }
}

export class SelfRelationError extends DomainError {
  constructor() {
    super('unprocessable', 'TASKS.SELF_RELATION', 'A task cannot be related to itself');
  }
}

export class DuplicateRelationError extends DomainError {
  constructor(existingId?: string) {
    super('conflict', 'TASKS.DUPLICATE_RELATION', 'These tasks are already related this way (or the other way round)', existingId ? { relationId: existingId } : undefined);
  }
}

export class RelationNotFoundError extends DomainError {
  constructor(id: string) {
    super('not_found', 'TASKS.RELATION_NOT_FOUND', `Relation ${id} was not found on this task`, { entity: 'task_relation', id });
  }
}

export class AssigneeNotMemberError extends DomainError {
  constructor(userId: string, field = 'assignee') {
    super('unprocessable', 'TASKS.NOT_A_MEMBER', `User ${userId} is not a member of this organization`, { field, id: userId });
  }
}

export class WorkflowNotFoundError extends DomainError {
  constructor(id: string, what: 'Workflow' | 'Phase' = 'Workflow') {
    super('not_found', what === 'Workflow' ? 'WORKFLOWS.NOT_FOUND' : 'WORKFLOWS.PHASE_NOT_FOUND', `${what} ${id} was not found`, {
      entity: what === 'Workflow' ? 'workflow' : 'workflow_phase',
      id,
    });
  }
}

export class WorkflowMismatchError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super('unprocessable', 'TASKS.WORKFLOW_MISMATCH', message, details);
  }
}

export class InvalidPhasesError extends DomainError {
  constructor(message: string) {
    super('unprocessable', 'WORKFLOWS.INVALID_PHASES', message);
  }
}

export class NotClaimedError extends DomainError {
  constructor(id: string, status: TaskStatus) {
    super('conflict', 'TASKS.NOT_IN_PROGRESS', `Task ${id} is "${status}", not in progress: there is nothing to release`, { id, status });
  }
}

export interface BulkItemError {
  index: number;
  code: string;
  message: string;
  ref?: string;
  id?: string;
  details?: Record<string, unknown>;
}

/** Bulk requests are all-or-nothing: one bad item rejects the batch, and every bad item is reported. */
export class BulkRejectedError extends DomainError {
  constructor(items: BulkItemError[], total: number) {
    super('unprocessable', 'TASKS.BULK_REJECTED', `${items.length} of ${total} items were rejected; nothing was changed`, { items });
  }
}

export class BulkItemInvalidError extends DomainError {
  constructor(message: string) {
    super('unprocessable', 'TASKS.INVALID_ITEM', message);
  }
}

export class BulkTooLargeError extends DomainError {
  constructor(count: number, max: number) {
    super('too_large', 'TASKS.BULK_TOO_LARGE', `A bulk request takes at most ${max} items (got ${count})`, { max, count });
  }
}

export class HierarchyTooDeepError extends DomainError {
  constructor(max: number) {
    super('unprocessable', 'TASKS.HIERARCHY_TOO_DEEP', `The hierarchy above the new parent is deeper than ${max} levels; the move was not checked and is refused`, { max });
  }
}

export class WorkflowNameTakenError extends DomainError {
  constructor(name: string) {
    super('conflict', 'WORKFLOWS.NAME_TAKEN', `The project already has a workflow named "${name}"`, { field: 'name' });
  }
}
