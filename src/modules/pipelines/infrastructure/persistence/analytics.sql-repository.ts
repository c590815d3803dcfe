import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { DeliveryFigures, PipelineAnalyticsRepository } from '../../application/pipeline-analytics.service';
import { DORA_FIGURES, EXECUTION_FIGURES, FLAKY_STEPS } from './analytics.sql';

const num = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 1000) / 1000);

/** Delivery figures: aggregate SQL over the window's partitions (analytics.sql.ts). */
@Injectable()
export class PipelineAnalyticsSqlRepository extends PipelineAnalyticsRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async figures(pipelineId: string, days: number, branch: string | null, deployment: boolean): Promise<DeliveryFigures> {
    const params = [this.transaction.organizationId, pipelineId, days, branch];
    const [row] = await this.transaction.query<Record<string, unknown>>(EXECUTION_FIGURES, params);
    const flaky = await this.transaction.query<{ key: string; flaky_commits: number }>(FLAKY_STEPS, params);
    let dora: DeliveryFigures['dora'] = null;
    if (deployment) {
      const [d] = await this.transaction.query<Record<string, unknown>>(DORA_FIGURES, params);
      dora = {
        deploymentsPerDay: num(d.deployments_per_day) ?? 0,
        leadTimeSeconds: num(d.lead_time),
        changeFailureRate: num(d.change_failure_rate),
        timeToRestoreSeconds: num(d.time_to_restore),
      };
    }
    return {
      executions: Number(row.executions),
      finished: Number(row.finished),
      successRate: num(row.success_rate),
      durationP50Seconds: num(row.duration_p50),
      durationP95Seconds: num(row.duration_p95),
      queueTimeP50Seconds: num(row.queue_p50),
      queueTimeP95Seconds: num(row.queue_p95),
      flakySteps: flaky.map((f) => ({ key: f.key, flakyCommits: f.flaky_commits })),
      dora,
    };
  }
}
