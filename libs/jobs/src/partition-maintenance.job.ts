import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType, schedulerConfig } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { PARTITION_MAINTAIN_SQL, PartitionMaintenanceRow } from './partition-maintenance.sql';

export const PARTITION_MAINTENANCE_JOB = 'partition-maintenance';

export interface PartitionMaintenanceReport {
  [table: string]: { created: number; dropped: number; deleted: number };
}

/**
 * Keeps every time-partitioned table (registered by its migration with `partition_register`):
 * partitions created ahead, rows past each organization's retention deleted, partitions past
 * the longest retention dropped. Once across replicas (ExclusiveJobRunner).
 */
@Injectable()
export class PartitionMaintenanceJob implements OnModuleInit {
  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(PARTITION_MAINTENANCE_JOB, this.config.partitionMaintenanceCron, () => this.maintain());
  }

  async maintain(): Promise<PartitionMaintenanceReport> {
    const rows = await this.transaction.query<PartitionMaintenanceRow>(PARTITION_MAINTAIN_SQL);
    const report: PartitionMaintenanceReport = {};
    for (const row of rows) report[row.table_name] = { created: row.created, dropped: row.dropped, deleted: Number(row.deleted) };
    return report;
  }
}
