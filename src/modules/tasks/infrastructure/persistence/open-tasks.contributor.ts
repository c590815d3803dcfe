import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { ProjectSummaryContributor } from '../../../projects';

/** The `tasks` counters of GET /v1/projects/summary: open work per project, live tasks only. */
@Injectable()
export class OpenTasksSummaryContributor extends ProjectSummaryContributor {
  readonly key = 'tasks';

  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async summarize(projectIds: string[]): Promise<Map<string, Record<string, number | null>>> {
    if (projectIds.length === 0) return new Map();
    const rows: Array<{ project_id: string; open: number; in_progress: number; blocked: number; overdue: number; done: number; total: number }> =
      await this.transaction.manager.query(
        `select project_id,
           count(*) filter (where status not in ('done', 'cancelled'))::int as open,
           count(*) filter (where status in ('in_progress', 'in_review'))::int as in_progress,
           count(*) filter (where status = 'blocked')::int as blocked,
           count(*) filter (where due_date < current_date and status not in ('done', 'cancelled'))::int as overdue,
           count(*) filter (where status = 'done')::int as done,
           count(*)::int as total
         from tasks where organization_id = $1 and project_id = any($2::uuid[]) and deleted_at is null
         group by project_id`,
        [this.transaction.organizationId, projectIds],
      );
    const counters = new Map<string, Record<string, number | null>>();
    for (const id of projectIds) counters.set(id, { open: 0, inProgress: 0, blocked: 0, overdue: 0, done: 0, total: 0 });
    for (const row of rows) {
      counters.set(row.project_id, { open: row.open, inProgress: row.in_progress, blocked: row.blocked, overdue: row.overdue, done: row.done, total: row.total });
    }
    return counters;
  }
}
