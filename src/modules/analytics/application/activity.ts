/** An audit entry of a change made through the API. */
export interface ActivityAudit {
  action: 'create' | 'update' | 'delete';
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** A notable fact for the system-wide event log (libs/events). */
export interface ActivityEvent {
  type: string;
  entityType?: string;
  entityId?: string;
  severity?: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  payload?: Record<string, unknown>;
}

/**
 * Port: where the module's use cases leave their trace, the audit trail and the event log, both
 * written in the current transaction. A port (not AuditTrail / EventLog directly) so the use cases
 * stay free of the ORM the lib services reach.
 */
export abstract class Activity {
  abstract audit(entry: ActivityAudit): Promise<void>;
  abstract publish(event: ActivityEvent): Promise<void>;
}
