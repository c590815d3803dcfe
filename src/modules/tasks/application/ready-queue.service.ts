import { Injectable } from '@nestjs/common';
import { Actor, DomainError, Page } from '@switchyard/core';
import { applyChanges, claim, recordFailure, releaseClaim, Task } from '../domain/task';
import { NotClaimedError, NotReadyError, TASKS, TaskDeletedError, TaskNotFoundError } from '../domain/task.errors';
import { Assignee, READY_STATUSES } from '../domain/task.types';
import { ReadyQuery, ReadyQueueRepository } from './ready-queue.repository';
import { TaskChangeLog } from './task-change-log';
import { TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';

export interface ClaimInput {
  projectId?: string;
  labels?: string[];
  types?: string[];
  /** Who takes the task; defaults to the calling user. Machines (API keys) name the agent. */
  assignee?: Assignee;
}

export class ClaimerRequiredError extends DomainError {
  constructor() {
    super(TASKS.CLAIMER_REQUIRED, 'An API key claims on behalf of someone: pass `assignee` (e.g. the agent that will do the work)');
  }
}

/**
 * The queue agents and runners pull from. `claim` takes the first ready task that is free
 * (FOR UPDATE SKIP LOCKED: a concurrent claimer skips a row being taken instead of waiting for
 * it), assigns it and starts it, in one transaction: no task is handed out twice.
 */
@Injectable()
export class ReadyQueueService {
  constructor(
    private readonly queue: ReadyQueueRepository,
    private readonly tasks: TaskRepository,
    private readonly references: TaskReferences,
    private readonly changeLog: TaskChangeLog,
  ) {}

  list(query: ReadyQuery): Promise<Page<Task>> {
    return this.queue.list(query);
  }

  async claim(actor: Actor, input: ClaimInput): Promise<Task | null> {
    const claimer = input.assignee ?? (actor.type === 'user' && actor.id ? { type: 'user' as const, id: actor.id } : undefined);
    if (!claimer) throw new ClaimerRequiredError();
    const problem = await this.references.session().assignee(claimer);
    if (problem) throw problem;
    const before = await this.queue.lockNext({ projectId: input.projectId, labels: input.labels, types: input.types, claimer });
    if (!before) return null;
    const [after] = await this.tasks.save([claim(before, claimer, new Date())]);
    await this.changeLog.changed(actor, [{ before, after }], 'claim');
    return after;
  }

  /**
   * Hands one given task to a claimer (an explicit hand-off, e.g. to an agent): like a claim, but
   * for this task. Locked first, so of two concurrent hand-offs of one task only one succeeds; the
   * other finds it started (NOT_READY).
   */
  async handOff(actor: Actor, id: string, claimer: Assignee): Promise<Task> {
    const problem = await this.references.session().assignee(claimer);
    if (problem) throw problem;
    const before = await this.tasks.findById(id, { lock: true });
    if (!before) throw new TaskNotFoundError(id);
    if (before.deletedAt) throw new TaskDeletedError(id);
    const free = !before.assignee || (before.assignee.type === claimer.type && before.assignee.id === claimer.id);
    if (!READY_STATUSES.includes(before.status) || !free) throw new NotReadyError(id, before.status);
    const [after] = await this.tasks.save([claim(before, claimer, new Date())]);
    await this.changeLog.changed(actor, [{ before, after }], 'claim');
    return after;
  }

  /**
   * Work on a claimed task is done and waits for review (an agent's run finished with pull
   * requests): in_progress → in_review, with `note` merged into the task's metadata.
   */
  async submitForReview(actor: Actor, id: string, note: Record<string, unknown>): Promise<Task> {
    const before = await this.tasks.findById(id, { lock: true });
    if (!before) throw new TaskNotFoundError(id);
    if (before.deletedAt) throw new TaskDeletedError(id);
    if (before.status !== 'in_progress') throw new NotClaimedError(id, before.status);
    const next = applyChanges(before, { status: 'in_review', metadata: { ...before.metadata, ...note } }, new Date());
    const [after] = await this.tasks.save([next]);
    await this.changeLog.changed(actor, [{ before, after }], 'review');
    return after;
  }

  /**
   * Ends a claim without finishing the task: `failed` counts a retry (back to the queue while
   * retries remain, else parked as `blocked`); `released` hands it back as is.
   */
  async release(actor: Actor, id: string, outcome: 'failed' | 'released', reason?: string): Promise<Task> {
    const before = await this.tasks.findById(id, { lock: true });
    if (!before) throw new TaskNotFoundError(id);
    if (before.deletedAt) throw new TaskDeletedError(id);
    if (before.status !== 'in_progress') throw new NotClaimedError(id, before.status);
    const now = new Date();
    const next = outcome === 'failed' ? recordFailure(before, now) : releaseClaim(before, now);
    if (outcome === 'failed' && reason) next.metadata = { ...next.metadata, lastFailure: { reason, at: now.toISOString(), attempt: next.retryCount } };
    const [after] = await this.tasks.save([next]);
    await this.changeLog.changed(actor, [{ before, after }], outcome === 'failed' ? 'fail' : 'release');
    return after;
  }
}
