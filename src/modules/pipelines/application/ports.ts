/**
 * Framework-free ports over the platform's services, so the use cases reach no ORM or driver
 * (the layer rules): implemented in infrastructure over AuditTrail and TenantTransaction.
 */
export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string;
  before?: object | null;
  after?: object | null;
}

/** Audit entries, written in the current transaction. */
export abstract class PipelineAudit {
  abstract record(entry: AuditRecord): Promise<void>;
}

/** Short transactions of their own (for the long-polling claim, which holds none while it waits). */
export abstract class UnitOfWork {
  /** Runs `fn` in a new transaction with no tenant yet (the runner's token names it). */
  abstract run<T>(fn: () => Promise<T>): Promise<T>;
}

/** A notable fact of the module for the platform's event log (written in the current transaction). */
export interface PipelineFact {
  type: `pipelines.${string}`;
  entityType: 'pipelineExecution' | 'pipelineStep';
  entityId: string;
  severity?: 'info' | 'warning' | 'error';
  payload: Record<string, unknown>;
}

export abstract class PipelineFacts {
  abstract publish(fact: PipelineFact): Promise<void>;
}
