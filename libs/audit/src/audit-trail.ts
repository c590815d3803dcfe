import { Injectable } from '@nestjs/common';
import { Actor } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { ClsService } from 'nestjs-cls';
import { AuditLogEntity } from './audit-log.entity';
import { diffRecords } from './diff';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | string;
  entityType: string;
  entityId?: string;
  before?: object | null;
  after?: object | null;
  /** Defaults to the request's authenticated actor. */
  actor?: Actor;
  /** Defaults to the actor's organization. */
  organizationId?: string;
}

/**
 * Writes audit entries in the caller's transaction, so an entry exists exactly when the
 * change it records was committed.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly cls: ClsService,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.transaction.manager.insert(AuditLogEntity, this.toRow(entry));
  }

  /** Several entries in one statement (bulk operations). */
  async recordMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length > 0)
      await this.transaction.manager.insert(
        AuditLogEntity,
        entries.map((entry) => this.toRow(entry)),
      );
  }

  private toRow(entry: AuditEntry) {
    const actor = entry.actor ?? this.cls.get<Actor | undefined>('actor');
    const organizationId = entry.organizationId ?? actor?.organizationId;
    if (!organizationId) throw new Error(`Audit entry for ${entry.entityType} has no organization`);
    return {
      organizationId,
      actorType: actor?.type ?? 'system',
      actorId: actor?.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      changes: diffRecords(entry.before, entry.after) as AuditLogEntity['changes'] & object,
      requestId: this.cls.isActive() ? (this.cls.getId() ?? null) : null,
    };
  }
}
