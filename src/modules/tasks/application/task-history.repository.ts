import { Page } from '@switchyard/core';
import { FieldChange } from '../domain/task';

export interface HistoryEntry extends Omit<FieldChange, 'field'> {
  taskId: string;
  /** A tracked task field, or `relation` for relations added or removed. */
  field: string;
}

export interface HistoryRecord {
  id: string;
  taskId: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  actor: { type: string; id: string | null };
  requestId: string | null;
  changedAt: Date;
}

export abstract class TaskHistoryRepository {
  /** One statement; the request id is taken from the request context. */
  abstract record(entries: HistoryEntry[], actor: { type: string; id: string | null }): Promise<void>;
  /** Newest first. */
  abstract list(taskId: string, query: { limit: number; cursor?: string; field?: string }): Promise<Page<HistoryRecord>>;
}
