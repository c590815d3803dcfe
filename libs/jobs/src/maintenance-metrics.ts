import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { Metrics } from '@switchyard/observability';
import { Counter, Gauge } from 'prom-client';
import { retentionConfig } from './retention.config';
import { RETENTION_DEFAULTS_SQL } from './retention.sql';

/**
 * What the maintenance jobs did, in /metrics (counted by the replica that ran the job: sum over
 * replicas), and the retention in force:
 * - `maintenance_partitions_created_total{table}`, `maintenance_partitions_dropped_total{table}`,
 *   `maintenance_rows_deleted_total{table}` (past an organization's retention);
 * - `retention_default_days{table,retention_key}`: each table's default retention, read at each
 *   scrape (an organization overrides it with settings.retentionDays.<retention_key>).
 */
@Injectable()
export class MaintenanceMetrics {
  private readonly created?: Counter<'table'>;
  private readonly dropped?: Counter<'table'>;
  private readonly deleted?: Counter<'table'>;

  constructor(
    private readonly transaction: TenantTransaction,
    @Inject(retentionConfig.KEY) private readonly retention: ConfigType<typeof retentionConfig>,
    @Optional() metrics?: Metrics,
  ) {
    if (!metrics) return;
    const registers = [metrics.registry];
    this.created = new Counter({
      name: 'maintenance_partitions_created_total',
      help: 'Partitions created ahead by partition maintenance',
      labelNames: ['table'],
      registers,
    });
    this.dropped = new Counter({
      name: 'maintenance_partitions_dropped_total',
      help: 'Partitions dropped past the longest retention',
      labelNames: ['table'],
      registers,
    });
    this.deleted = new Counter({
      name: 'maintenance_rows_deleted_total',
      help: "Rows deleted past their organization's retention",
      labelNames: ['table'],
      registers,
    });
    const defaults = () => this.defaults().catch(() => []);
    new Gauge({
      name: 'retention_default_days',
      help: 'Default retention in days per table (organizations override it with settings.retentionDays.<retention_key>)',
      labelNames: ['table', 'retention_key'],
      registers,
      async collect() {
        this.reset();
        for (const row of await defaults()) this.set({ table: row.table, retention_key: row.retentionKey }, row.days);
      },
    });
  }

  /** One maintenance run's report: per table, what it created, dropped and deleted. */
  record(report: Record<string, { created?: number; dropped?: number; deleted?: number }>): void {
    for (const [table, counts] of Object.entries(report)) {
      if (counts.created) this.created?.inc({ table }, counts.created);
      if (counts.dropped) this.dropped?.inc({ table }, counts.dropped);
      if (counts.deleted) this.deleted?.inc({ table }, counts.deleted);
    }
  }

  private async defaults(): Promise<Array<{ table: string; retentionKey: string; days: number }>> {
    const rows = await this.transaction.run({}, () =>
      this.transaction.query<{ table_name: string; retention_key: string; default_retention_days: number }>(RETENTION_DEFAULTS_SQL),
    );
    return [
      { table: 'audit_logs', retentionKey: 'auditLogs', days: this.retention.auditLogDays },
      ...rows.map((row) => ({ table: row.table_name, retentionKey: row.retention_key, days: row.default_retention_days })),
    ];
  }
}
