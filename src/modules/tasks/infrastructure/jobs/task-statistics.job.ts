import { Injectable, OnModuleInit } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';

export const TASK_STATISTICS_JOB = 'task-statistics';
/** Every five minutes; a run that finds nothing stale costs one catalog query. */
export const TASK_STATISTICS_CRON = '0 */5 * * * *';

/**
 * Keeps planner statistics of the task tables fresh where autovacuum does not (the embedded
 * PGlite has no autovacuum worker). The hierarchy walks and foreign-key checks rely on them:
 * without statistics PostgreSQL keeps plans made while the table was tiny. Also runnable by an
 * owner: POST /v1/admin/jobs/task-statistics/run.
 */
@Injectable()
export class TaskStatisticsJob implements OnModuleInit {
  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(TASK_STATISTICS_JOB, TASK_STATISTICS_CRON, () => this.refresh());
  }

  async refresh(): Promise<{ analyzed: string[] }> {
    const rows = await this.transaction.query<{ table_name: string }>('select table_name from refresh_task_statistics()');
    return { analyzed: rows.map((row) => row.table_name) };
  }
}
