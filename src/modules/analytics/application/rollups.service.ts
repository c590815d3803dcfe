import { Injectable } from '@nestjs/common';
import { InvalidWindowError } from '../domain/analytics.errors';
import { AgentDayRollup, PipelineDayRollup, RefreshedView, RollupReader, TaskDayRollup } from './rollups';

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Dashboard roll-ups: read from the materialized views, refreshed on a schedule (AnalyticsJobs). */
@Injectable()
export class RollupsService {
  constructor(private readonly rollups: RollupReader) {}

  async taskDaily(query: { from?: Date; to?: Date; projectId?: string }): Promise<{ from: string; to: string; items: TaskDayRollup[] }> {
    const window = this.window(query);
    return { ...window, items: await this.rollups.taskDaily(window.from, window.to, query.projectId) };
  }

  async pipelineDaily(query: { from?: Date; to?: Date; definitionId?: string }): Promise<{ from: string; to: string; items: PipelineDayRollup[] }> {
    const window = this.window(query);
    return { ...window, items: await this.rollups.pipelineDaily(window.from, window.to, query.definitionId) };
  }

  async agentDaily(query: { from?: Date; to?: Date; agentId?: string }): Promise<{ from: string; to: string; items: AgentDayRollup[] }> {
    const window = this.window(query);
    return { ...window, items: await this.rollups.agentDaily(window.from, window.to, query.agentId) };
  }

  /** Default: the 90 days ending today (UTC); at most 400. */
  private window(query: { from?: Date; to?: Date }): { from: string; to: string } {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 89 * DAY_MS);
    if (from > to) throw new InvalidWindowError('`from` must not be after `to`');
    if (to.getTime() - from.getTime() > 400 * DAY_MS) throw new InvalidWindowError('The window may span at most 400 days');
    return { from: isoDay(from), to: isoDay(to) };
  }

  refresh(): Promise<RefreshedView[]> {
    return this.rollups.refresh();
  }
}
