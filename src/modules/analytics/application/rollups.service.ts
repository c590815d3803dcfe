import { Injectable } from '@nestjs/common';
import { InvalidWindowError } from '../domain/analytics.errors';
import { RefreshedView, RollupReader, TaskDayRollup } from './rollups';

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Dashboard roll-ups: read from the materialized views, refreshed on a schedule (AnalyticsJobs). */
@Injectable()
export class RollupsService {
  constructor(private readonly rollups: RollupReader) {}

  async taskDaily(query: { from?: Date; to?: Date; projectId?: string }): Promise<{ from: string; to: string; items: TaskDayRollup[] }> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 89 * DAY_MS);
    if (from > to) throw new InvalidWindowError('`from` must not be after `to`');
    if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new InvalidWindowError('The window may span at most 400 days');
    const window = { from: isoDay(from), to: isoDay(to) };
    return { ...window, items: await this.rollups.taskDaily(window.from, window.to, query.projectId) };
  }

  refresh(): Promise<RefreshedView[]> {
    return this.rollups.refresh();
  }
}
