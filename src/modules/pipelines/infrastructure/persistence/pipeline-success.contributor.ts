import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ProjectSummaryContributor } from '../../../projects';
import { PROJECT_SUCCESS_RATES } from './analytics.sql';

/** The `pipelines` counters of GET /v1/projects/summary: executions, success rate (last 30 days) and active executions per project. */
@Injectable()
export class PipelineSuccessSummaryContributor extends ProjectSummaryContributor {
  readonly key = 'pipelines';

  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async summarize(projectIds: string[]): Promise<Map<string, Record<string, number | null>>> {
    const counters = new Map<string, Record<string, number | null>>();
    if (projectIds.length === 0) return counters;
    for (const id of projectIds) counters.set(id, { executions: 0, successRate: null, active: 0 });
    const rows = await this.transaction.query<{ project_id: string; executions: number; success_rate: number | null; active: number }>(PROJECT_SUCCESS_RATES, [
      this.transaction.organizationId,
      projectIds,
    ]);
    for (const row of rows)
      counters.set(row.project_id, {
        executions: row.executions,
        successRate: row.success_rate === null ? null : Math.round(row.success_rate * 1000) / 1000,
        active: row.active,
      });
    return counters;
  }
}
