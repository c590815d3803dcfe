import { Injectable } from '@nestjs/common';
import { PipelinesService } from './pipelines.service';

export interface DeliveryFigures {
  executions: number;
  finished: number;
  successRate: number | null;
  durationP50Seconds: number | null;
  durationP95Seconds: number | null;
  queueTimeP50Seconds: number | null;
  queueTimeP95Seconds: number | null;
  flakySteps: Array<{ key: string; flakyCommits: number }>;
  dora: { deploymentsPerDay: number; leadTimeSeconds: number | null; changeFailureRate: number | null; timeToRestoreSeconds: number | null } | null;
}

/** Delivery figures per pipeline (port). */
export abstract class PipelineAnalyticsRepository {
  abstract figures(pipelineId: string, days: number, branch: string | null, deployment: boolean): Promise<DeliveryFigures>;
}

/** Delivery analytics of a pipeline (and a branch) over a window of days. */
@Injectable()
export class PipelineAnalyticsService {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly analytics: PipelineAnalyticsRepository,
  ) {}

  async summarize(pipelineId: string, days: number, branch?: string) {
    const definition = await this.pipelines.get(pipelineId);
    const figures = await this.analytics.figures(pipelineId, days, branch ?? null, definition.isDeployment);
    return { pipelineId, branch: branch ?? null, days, ...figures };
  }
}
