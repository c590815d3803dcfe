import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { AgentDayRollup, PipelineDayRollup, RefreshedView, RollupReader, TaskDayRollup } from '../../application/rollups';
import { AGENT_DAILY_ROLLUP, PIPELINE_DAILY_ROLLUP, REFRESH_ROLLUPS, TASK_DAILY_ROLLUP } from './rollup.sql';

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

  async pipelineDaily(from: string, to: string, definitionId?: string): Promise<PipelineDayRollup[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(PIPELINE_DAILY_ROLLUP, [definitionId ?? null, from, to]);
    return rows.map((r) => {
      const finished = Number(r.succeeded) + Number(r.failed);
      return {
        definitionId: r.definition_id as string,
        day: r.day as string,
        executions: Number(r.executions),
        succeeded: Number(r.succeeded),
        failed: Number(r.failed),
        cancelled: Number(r.cancelled),
        successRate: finished ? Number(r.succeeded) / finished : null,
        durationAvgSeconds: num(r.duration_avg_seconds),
        durationP95Seconds: num(r.duration_p95_seconds),
      };
    });
  }

  async agentDaily(from: string, to: string, agentId?: string): Promise<AgentDayRollup[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(AGENT_DAILY_ROLLUP, [agentId ?? null, from, to]);
    return rows.map((r) => {
      const finished = Number(r.completed) + Number(r.failed);
      return {
        agentId: r.agent_id as string,
        day: r.day as string,
        runs: Number(r.runs),
        completed: Number(r.completed),
        failed: Number(r.failed),
        successRate: finished ? Number(r.completed) / finished : null,
        costUsd: Number(r.cost_usd ?? 0),
        tokens: Number(r.tokens ?? 0),
        durationAvgSeconds: num(r.duration_avg_seconds),
      };
    });
  }

  async refresh(): Promise<RefreshedView[]> {
    const rows = await this.transaction.query<{ view_name: string; milliseconds: number }>(REFRESH_ROLLUPS);
    return rows.map((r) => ({ view: r.view_name, milliseconds: Number(r.milliseconds) }));
  }
}
