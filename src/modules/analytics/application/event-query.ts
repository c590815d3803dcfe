import { Page } from '@switchyard/core';

export interface LoggedEvent {
  id: string;
  occurredAt: Date;
  type: string;
  source: string;
  target: string | null;
  entityType: string | null;
  entityId: string | null;
  taskId: string | null;
  workflowId: string | null;
  severity: string;
  payload: Record<string, unknown>;
  actorType: string | null;
  actorId: string | null;
  correlationId: string | null;
  traceId: string | null;
}

export interface EventFilter {
  correlationId?: string;
  traceId?: string;
  entityType?: string;
  entityId?: string;
  taskId?: string;
  type?: string;
  since: Date;
  until: Date;
  limit: number;
  cursor?: string;
}

/** Port: the organization's slice of the system-wide event log (written by every module through libs/events). */
export abstract class EventQuery {
  /** Newest first. */
  abstract find(filter: EventFilter): Promise<Page<LoggedEvent>>;
}
