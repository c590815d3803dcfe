import { Page } from '@switchyard/core';
import { Task } from '../domain/task';
import { Assignee, AssigneeType, TaskStatus } from '../domain/task.types';

export interface ReadyQuery {
  limit: number;
  cursor?: string;
  projectId?: string;
  /** `none`: unassigned tasks only. */
  assigneeType?: AssigneeType | 'none';
  assigneeId?: string;
  labels?: string[];
  status?: TaskStatus[];
}

export interface ClaimFilter {
  projectId?: string;
  labels?: string[];
  types?: string[];
  /** Tasks unassigned or already assigned to this claimer are claimable. */
  claimer: Assignee;
}

/**
 * The ready queue: open tasks (backlog/todo), not deleted, whose `blocks` blockers are all
 * finished (done, cancelled or deleted), by priority then age.
 */
export abstract class ReadyQueueRepository {
  abstract list(query: ReadyQuery): Promise<Page<Task>>;
  /** The first claimable ready task, locked FOR UPDATE SKIP LOCKED; undefined when none is free. */
  abstract lockNext(filter: ClaimFilter): Promise<Task | undefined>;
}
