import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor } from '@switchyard/core';
import { EventLog, NotableEvent } from '@switchyard/events';
import { diffTask, Task } from '../domain/task';
import { HistoryEntry, TaskHistoryRepository } from './task-history.repository';

/**
 * Every change to a task is written twice, in the request's transaction: field by field to the
 * task's own history (what users read on the task), and as an entry of the organization's audit
 * log (what admins read across everything). A change of status is also a notable fact for the
 * event log (`tasks.task.completed` when it reaches done, else `tasks.task.status_changed`).
 */
@Injectable()
export class TaskChangeLog {
  constructor(
    private readonly history: TaskHistoryRepository,
    private readonly audit: AuditTrail,
    private readonly events: EventLog,
  ) {}

  async created(actor: Actor, tasks: Task[]): Promise<void> {
    await this.history.record(
      tasks.flatMap((task) => diffTask(null, task).map((change) => ({ ...change, taskId: task.id }))),
      actorOf(actor),
    );
    await this.audit.recordMany(tasks.map((task) => ({ action: 'create', entityType: 'task', entityId: task.id, after: auditView(task) })));
  }

  /** Records the pairs that really changed; `action` names the operation in the audit log. */
  async changed(actor: Actor, pairs: Array<{ before: Task; after: Task }>, action = 'update'): Promise<void> {
    const entries: HistoryEntry[] = [];
    const audited: Array<{ before: Task; after: Task }> = [];
    for (const { before, after } of pairs) {
      const changes = diffTask(before, after);
      if (changes.length === 0) continue;
      entries.push(...changes.map((change) => ({ ...change, taskId: after.id })));
      audited.push({ before, after });
    }
    await this.history.record(entries, actorOf(actor));
    await this.audit.recordMany(
      audited.map(({ before, after }) => ({ action, entityType: 'task', entityId: after.id, before: auditView(before), after: auditView(after) })),
    );
    await this.events.publishMany(audited.filter(({ before, after }) => before.status !== after.status).map(({ before, after }) => statusEvent(before, after)));
  }

  async relation(actor: Actor, action: 'create' | 'delete', relation: { id: string; type: string; sourceId: string; targetId: string }): Promise<void> {
    const value = { relationId: relation.id, type: relation.type, sourceId: relation.sourceId, targetId: relation.targetId };
    const [oldValue, newValue] = action === 'create' ? [null, value] : [value, null];
    await this.history.record(
      [
        { taskId: relation.sourceId, field: 'relation', oldValue, newValue },
        { taskId: relation.targetId, field: 'relation', oldValue, newValue },
      ],
      actorOf(actor),
    );
    await this.audit.record({ action, entityType: 'task_relation', entityId: relation.id, ...(action === 'create' ? { after: value } : { before: value }) });
  }

  /** Soft delete and restore touch whole subtrees: one history row per task, one audit entry for the root. */
  async subtree(actor: Actor, action: 'delete' | 'restore', rootId: string, ids: string[], at: Date | null): Promise<void> {
    const [oldValue, newValue] = action === 'delete' ? [null, at?.toISOString() ?? null] : [at?.toISOString() ?? null, null];
    await this.history.record(
      ids.map((taskId) => ({ taskId, field: 'deletedAt', oldValue, newValue })),
      actorOf(actor),
    );
    await this.audit.record({
      action,
      entityType: 'task',
      entityId: rootId,
      ...(action === 'delete'
        ? { before: { deletedAt: null }, after: { deletedAt: at, subtreeSize: ids.length } }
        : { before: { deletedAt: at }, after: { deletedAt: null, subtreeSize: ids.length } }),
    });
  }
}

function statusEvent(before: Task, after: Task): NotableEvent {
  return {
    type: after.status === 'done' ? 'tasks.task.completed' : 'tasks.task.status_changed',
    source: 'tasks',
    entityType: 'task',
    entityId: after.id,
    taskId: after.id,
    workflowId: after.workflowId ?? undefined,
    payload: { projectId: after.projectId, from: before.status, to: after.status, type: after.type, labels: after.labels },
  };
}

function actorOf(actor: Actor): { type: string; id: string | null } {
  return { type: actor.type, id: actor.id ?? null };
}

/** The audit log keeps what matters to an admin; descriptions can be 100 kB, so only their size. */
function auditView(task: Task): Record<string, unknown> {
  const { description, organizationId: _o, version: _v, createdAt: _c, updatedAt: _u, ...rest } = task;
  return { ...rest, descriptionLength: description.length };
}
