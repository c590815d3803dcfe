import { Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { TenantTransaction, TRACE_ID_KEY } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { EventActorType, EventEntity, EventSeverity } from './event.entity';

/** A notable fact a module publishes (task completed, run finished, delivery processed, ...). */
export interface NotableEvent {
  /** Dotted, lowercase: `<module>.<thing>.<what happened>`, e.g. `pipelines.execution.finished`. */
  type: string;
  /** The component that says it: a module (`pipelines`) or an external system (`github`). */
  source: string;
  /** The component it is about or sent to, when there is one. */
  target?: string;
  entityType?: string;
  entityId?: string;
  taskId?: string;
  workflowId?: string;
  severity?: EventSeverity;
  payload?: Record<string, unknown>;
  /** Defaults to the request's authenticated actor, else `system`. */
  actor?: { type: EventActorType; id?: string };
  /** Defaults to the current tenant transaction's organization. */
  organizationId?: string;
}

/**
 * The one port through which every module publishes its notable facts, so that no module
 * imports analytics. The event is written in the caller's transaction: it exists exactly when
 * what it tells was committed. The correlation id (the request or job id) and the W3C trace id
 * come from the request context.
 */
@Injectable()
export class EventLog {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
  ) {}

  async publish(event: NotableEvent): Promise<void> {
    await this.publishMany([event]);
  }

  async publishMany(events: NotableEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.transaction.manager.insert(
      EventEntity,
      events.map((event) => this.toRow(event)),
    );
  }

  private toRow(event: NotableEvent) {
    const active = this.cls.isActive();
    const actor = active ? this.cls.get<Actor | undefined>('actor') : undefined;
    const organizationId = event.organizationId ?? this.transaction.organizationId;
    const actorType = event.actor?.type ?? actor?.type ?? 'system';
    return {
      organizationId,
      type: event.type,
      source: event.source,
      target: event.target ?? null,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      taskId: event.taskId ?? null,
      workflowId: event.workflowId ?? null,
      severity: event.severity ?? 'info',
      payload: (event.payload ?? {}) as EventEntity['payload'] & object,
      actorType,
      actorId: event.actor ? (event.actor.id ?? null) : (actor?.id ?? null),
      correlationId: active ? (this.cls.getId() ?? null) : null,
      traceId: active ? (this.cls.get<string | undefined>(TRACE_ID_KEY) ?? null) : null,
    };
  }
}
