import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { RefreshedView, RollupReader, TaskDayRollup } from '../../application/rollups';
import { REFRESH_ROLLUPS, TASK_DAILY_ROLLUP } from './rollup.sql';

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The roll-ups have no entity (materialized views, closed to the runtime role): read through SQL functions. */
@Injectable()
export class RollupSqlRepository extends RollupReader {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async taskDaily(from: string, to: string, projectId?: string): Promise<TaskDayRollup[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(TASK_DAILY_ROLLUP, [projectId ?? null, from, to]);
    return rows.map((r) => ({
      projectId: r.project_id as string,
      day: r.day as string,
      created: Number(r.created),
      completed: Number(r.completed),
      leadTimeAvgSeconds: num(r.lead_time_avg_seconds),
      leadTimeP50Seconds: num(r.lead_time_p50_seconds),
      cycleTimeAvgSeconds: num(r.cycle_time_avg_seconds),
      cycleTimeP50Seconds: num(r.cycle_time_p50_seconds),
    }));
  }

  async refresh(): Promise<RefreshedView[]> {
    const rows = await this.transaction.query<{ view_name: string; milliseconds: number }>(REFRESH_ROLLUPS);
    return rows.map((r) => ({ view: r.view_name, milliseconds: Number(r.milliseconds) }));
  }
}
