import { Page } from '@switchyard/core';

export interface AuditLogFilter {
  limit: number;
  cursor?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  since?: Date;
  until?: Date;
}

export interface AuditLogItem {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown>;
  requestId: string | null;
  createdAt: Date;
}

export abstract class AuditLogReader {
  abstract list(filter: AuditLogFilter): Promise<Page<AuditLogItem>>;
}
