import { DomainError, errorCatalogue } from '@switchyard/core';
import { PROJECTS } from '../../projects/domain/projects.errors';
import { TaskStatus } from './task.types';

/** Every code the tasks module answers, besides the platform's COMMON ones and PROJECTS.PROJECT_NOT_FOUND. */
export const TASKS = errorCatalogue('TASKS', {
  TASK_NOT_FOUND: { kind: 'not_found', title: 'No such task in your organization' },
  PARENT_NOT_FOUND: { kind: 'not_found', title: 'The parent task does not exist in this project' },
  RELATION_NOT_FOUND: { kind: 'not_found', title: 'The task has no such relation' },
  WORKFLOW_NOT_FOUND: { kind: 'not_found', title: 'No such workflow' },
  PHASE_NOT_FOUND: { kind: 'not_found', title: 'No such workflow phase' },
  INVALID_TRANSITION: { kind: 'conflict', title: 'The task status workflow does not allow this move' },
  DELETED: { kind: 'conflict', title: 'The task is deleted; restore it first' },
  NOT_DELETED: { kind: 'conflict', title: 'The task is not deleted' },
  PARENT_DELETED: { kind: 'conflict', title: 'The parent task is deleted' },
  HIERARCHY_CYCLE: { kind: 'conflict', title: 'The move would make a task its own ancestor' },
  HIERARCHY_TOO_DEEP: { kind: 'unprocessable', title: 'The hierarchy above the new parent is too deep to check' },
  DEPENDENCY_CYCLE: { kind: 'conflict', title: 'The blocking relation would create a cycle' },
  SELF_RELATION: { kind: 'unprocessable', title: 'A task cannot be related to itself' },
  DUPLICATE_RELATION: { kind: 'conflict', title: 'The tasks are already related this way' },
  NOT_A_MEMBER: { kind: 'unprocessable', title: 'The assignee or reporter is not a member of the organization' },
  AGENT_NOT_AVAILABLE: { kind: 'unprocessable', title: 'The assignee agent does not exist in the organization or is not active' },
  WORKFLOW_MISMATCH: { kind: 'unprocessable', title: "The workflow or phase does not belong to the task's project" },
  INVALID_PHASES: { kind: 'unprocessable', title: 'The workflow phases are not valid' },
  WORKFLOW_NAME_TAKEN: { kind: 'conflict', title: 'The project already has a workflow with this name' },
  NOT_IN_PROGRESS: { kind: 'conflict', title: 'The task is not in progress, so there is nothing to release' },
  NOT_READY: { kind: 'conflict', title: 'The task is not open and free, so it cannot be handed over' },
  CLAIMER_REQUIRED: { kind: 'unprocessable', title: 'An API key must name the assignee it claims for' },
  BULK_REJECTED: { kind: 'unprocessable', title: 'Some items of the bulk request were rejected; nothing was changed' },
  BULK_TOO_LARGE: { kind: 'too_large', title: 'The bulk request has too many items' },
  INVALID_ITEM: { kind: 'unprocessable', title: 'A bulk item is not valid' },
  DUPLICATE_ITEM: { kind: 'unprocessable', title: 'The task appears more than once in the batch' },
  DUPLICATE_REF: { kind: 'unprocessable', title: 'Two items of the batch use the same ref' },
  UNKNOWN_REF: { kind: 'unprocessable', title: 'parentRef names no item of the batch' },
  REF_CYCLE: { kind: 'unprocessable', title: 'parentRef references form a loop' },
});

export class TaskNotFoundError extends DomainError {
  constructor(id: string, what = 'Task') {
    super(TASKS.TASK_NOT_FOUND, `${what} ${id} was not found`, { entity: 'task', id });
  }
}

/** A parent that does not exist, is deleted, lives in another project or another tenant. */
export class ParentNotFoundError extends DomainError {
  constructor(id: string) {
    super(TASKS.PARENT_NOT_FOUND, `Parent task ${id} was not found in this project`, { entity: 'task', id, field: 'parentId' });
  }
}

export class ProjectNotFoundError extends DomainError {
  constructor(id: string) {
    super(PROJECTS.PROJECT_NOT_FOUND, `Project ${id} was not found`, { entity: 'project', id, field: 'projectId' });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: TaskStatus, to: TaskStatus, allowed: readonly TaskStatus[]) {
    super(
      TASKS.INVALID_TRANSITION,
      `A task cannot go from "${from}" to "${to}"; from "${from}" it can go to ${allowed.map((s) => `"${s}"`).join(', ') || 'nothing'}`,
      { from, to, allowed },
    );
  }
}

export class TaskDeletedError extends DomainError {
  constructor(id: string) {
    super(TASKS.DELETED, `Task ${id} is deleted; restore it first`, { id });
  }
}

export class TaskNotDeletedError extends DomainError {
  constructor(id: string) {
    super(TASKS.NOT_DELETED, `Task ${id} is not deleted`, { id });
  }
}

export class ParentDeletedError extends DomainError {
  constructor(id: string, parentId: string) {
    super(TASKS.PARENT_DELETED, `Task ${id} cannot be restored while its parent ${parentId} is deleted; restore the parent, or move the task`, {
      id,
      parentId,
    });
  }
}

/** A move (or parent change) that would put a task under itself. `cycle` reads child → … → child. */
export class HierarchyCycleError extends DomainError {
  constructor(cycle: string[]) {
    super(TASKS.HIERARCHY_CYCLE, `Moving the task there would make it its own ancestor: ${cycle.join(' → ')}`, { cycle });
  }
}

/** A `blocks` relation that would close a loop. `cycle` reads blocker → blocked → … → blocker. */
export class DependencyCycleError extends DomainError {
  constructor(cycle: string[]) {
    super(TASKS.DEPENDENCY_CYCLE, `This relation would create a blocking cycle: ${cycle.join(' → ')}`, { cycle });
  }
}

export class SelfRelationError extends DomainError {
  constructor() {
    super(TASKS.SELF_RELATION, 'A task cannot be related to itself');
  }
}

export class DuplicateRelationError extends DomainError {
  constructor(existingId?: string) {
    super(TASKS.DUPLICATE_RELATION, 'These tasks are already related this way (or the other way round)', existingId ? { relationId: existingId } : undefined);
  }
}

export class RelationNotFoundError extends DomainError {
  constructor(id: string) {
    super(TASKS.RELATION_NOT_FOUND, `Relation ${id} was not found on this task`, { entity: 'task_relation', id });
  }
}

export class AssigneeNotMemberError extends DomainError {
  constructor(userId: string, field = 'assignee') {
    super(TASKS.NOT_A_MEMBER, `User ${userId} is not a member of this organization`, { field, id: userId });
  }
}

export class NotReadyError extends DomainError {
  constructor(id: string, status: string) {
    super(TASKS.NOT_READY, `Task ${id} is ${status} or assigned to someone else: only a free backlog or todo task can be handed over`, { id, status });
  }
}

export class AgentNotAvailableError extends DomainError {
  constructor(agentId: string, field = 'assignee') {
    super(TASKS.AGENT_NOT_AVAILABLE, `Agent ${agentId} does not exist in this organization or is not active`, { field, id: agentId });
  }
}

export class WorkflowNotFoundError extends DomainError {
  constructor(id: string, what: 'Workflow' | 'Phase' = 'Workflow') {
    super(what === 'Workflow' ? TASKS.WORKFLOW_NOT_FOUND : TASKS.PHASE_NOT_FOUND, `${what} ${id} was not found`, {
      entity: what === 'Workflow' ? 'workflow' : 'workflow_phase',
      id,
    });
  }
}

export class WorkflowMismatchError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super(TASKS.WORKFLOW_MISMATCH, message, details);
  }
}

export class InvalidPhasesError extends DomainError {
  constructor(message: string) {
    super(TASKS.INVALID_PHASES, message);
  }
}

export class NotClaimedError extends DomainError {
  constructor(id: string, status: TaskStatus) {
    super(TASKS.NOT_IN_PROGRESS, `Task ${id} is "${status}", not in progress: there is nothing to release`, { id, status });
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
    super(TASKS.BULK_REJECTED, `${items.length} of ${total} items were rejected; nothing was changed`, { items });
  }
}

export class BulkItemInvalidError extends DomainError {
  constructor(message: string) {
    super(TASKS.INVALID_ITEM, message);
  }
}

export class BulkTooLargeError extends DomainError {
  constructor(count: number, max: number) {
    super(TASKS.BULK_TOO_LARGE, `A bulk request takes at most ${max} items (got ${count})`, { max, count });
  }
}

export class HierarchyTooDeepError extends DomainError {
  constructor(max: number) {
    super(TASKS.HIERARCHY_TOO_DEEP, `The hierarchy above the new parent is deeper than ${max} levels; the move was not checked and is refused`, { max });
  }
}

export class WorkflowNameTakenError extends DomainError {
  constructor(name: string) {
    super(TASKS.WORKFLOW_NAME_TAKEN, `The project already has a workflow named "${name}"`, { field: 'name' });
  }
}
