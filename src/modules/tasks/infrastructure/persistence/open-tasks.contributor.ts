import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ProjectSummaryContributor } from '../../../projects';
import { OPEN_TASKS_BY_PROJECT } from './open-tasks.sql';

/** The `tasks` counters of GET /v1/projects/summary: open work per project, live tasks only. */
@Injectable()
export class OpenTasksSummaryContributor extends ProjectSummaryContributor {
  readonly key = 'tasks';

  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async summarize(projectIds: string[]): Promise<Map<string, Record<string, number | null>>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.transaction.query<{
      project_id: string;
      open: number;
      in_progress: number;
      blocked: number;
      overdue: number;
      done: number;
      total: number;
    }>(OPEN_TASKS_BY_PROJECT, [this.transaction.organizationId, projectIds]);
    const counters = new Map<string, Record<string, number | null>>();
    for (const id of projectIds) counters.set(id, { open: 0, inProgress: 0, blocked: 0, overdue: 0, done: 0, total: 0 });
    for (const row of rows) {
      counters.set(row.project_id, {
        open: row.open,
        inProgress: row.in_progress,
        blocked: row.blocked,
        overdue: row.overdue,
        done: row.done,
        total: row.total,
      });
    }
    return counters;
  }
}
