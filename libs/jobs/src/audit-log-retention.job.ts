import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { MaintenanceMetrics } from './maintenance-metrics';
import { retentionConfig } from './retention.config';
import { AUDIT_LOG_PURGE_SQL } from './retention.sql';

export const AUDIT_LOG_RETENTION_JOB = 'audit-log-retention';

/**
 * Deletes audit entries past each organization's retention (settings.retentionDays.auditLogs,
 * else AUDIT_LOG_RETENTION_DAYS), at most AUDIT_LOG_RETENTION_BATCH a run. Once across replicas.
 */
@Injectable()
export class AuditLogRetentionJob implements OnModuleInit {
  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    private readonly metrics: MaintenanceMetrics,
    @Inject(retentionConfig.KEY) private readonly config: ConfigType<typeof retentionConfig>,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(AUDIT_LOG_RETENTION_JOB, this.config.auditLogCron, () => this.purge());
  }

  async purge(): Promise<{ deleted: number; defaultDays: number }> {
    const [row] = await this.transaction.query<{ deleted: string }>(AUDIT_LOG_PURGE_SQL, [this.config.auditLogDays, this.config.auditLogBatch]);
    const deleted = Number(row.deleted);
    this.metrics.record({ audit_logs: { deleted } });
    return { deleted, defaultDays: this.config.auditLogDays };
  }
}
