import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { ConfigType } from '@switchyard/config';
import { Actor, NotFoundError, Page, userIdOf } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { JobQueue } from '@switchyard/jobs';
import { AnalysisRun, AnalysisType, compareRuns, metricValue, RunComparison, TrendMetric } from '../domain/analysis';
import { PROJECTS, RunsNotComparableError } from '../domain/projects.errors';
import { Language } from '../domain/repository';
import { AnalysisRunListQuery, AnalysisRunRepository } from './analysis-run.repository';
import { RepositoryRepository } from './repository.repository';
import { analysisConfig } from '../projects.config';

export const ANALYSIS_QUEUE = 'projects.analysis';

export interface AnalysisJob {
  runId: string;
}

export interface QueueAnalysis {
  branch?: string;
  commitSha?: string;
  type?: AnalysisType;
}

export interface TrendQuery {
  metric: TrendMetric;
  branch?: string;
  language?: Language;
  from?: Date;
  to?: Date;
  limit: number;
}

export interface Trend {
  repositoryId: string;
  branch: string;
  metric: TrendMetric;
  language: Language | null;
  points: Array<{ runId: string; commitSha: string | null; at: Date; value: number | null }>;
}

@Injectable()
export class AnalysesService {
  constructor(
    private readonly runs: AnalysisRunRepository,
    private readonly repositories: RepositoryRepository,
    private readonly queue: JobQueue,
    private readonly audit: AuditTrail,
    private readonly transaction: TenantTransaction,
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
  ) {}

  /** Records a queued run and its job in the same transaction: the run exists exactly when its job does. */
  async request(actor: Actor | undefined, repositoryId: string, input: QueueAnalysis): Promise<AnalysisRun> {
    const repository = await this.repositories.find(repositoryId);
    if (!repository) throw new NotFoundError(PROJECTS.REPOSITORY_NOT_FOUND, 'Repository', repositoryId);
    const run = await this.runs.insert({
      repositoryId,
      branch: input.branch ?? repository.defaultBranch,
      requestedSha: input.commitSha?.toLowerCase() ?? null,
      type: input.type ?? 'full',
      requestedBy: (actor && userIdOf(actor)) ?? null,
    });
    const jobId = await this.queue.send<AnalysisJob>(
      ANALYSIS_QUEUE,
      { runId: run.id },
      { maxAttempts: this.config.maxAttempts, backoffMs: 5_000, maxBackoffMs: 300_000 },
    );
    await this.runs.attachJob(run.id, jobId);
    await this.audit.record({
      organizationId: this.transaction.organizationId,
      action: 'create',
      entityType: 'analysis_run',
      entityId: run.id,
      after: { repositoryId, branch: run.branch, requestedSha: run.requestedSha, type: run.type, scheduled: !actor },
    });
    return run;
  }

  /**
   * The repository's analysis schedule fired: queues a full analysis of its default branch,
   * unless one is still waiting or running. Runs in the tenant's transaction, as the system.
   */
  async requestScheduled(repositoryId: string, firedAt: Date): Promise<AnalysisRun | undefined> {
    const repository = await this.repositories.find(repositoryId);
    if (!repository) return undefined;
    await this.repositories.markScheduled(repositoryId, firedAt);
    if (await this.runs.hasUnfinished(repositoryId, repository.defaultBranch)) return undefined;
    return this.request(undefined, repositoryId, { type: 'full' });
  }

  async list(repositoryId: string, query: AnalysisRunListQuery): Promise<Page<AnalysisRun>> {
    await this.assertRepository(repositoryId);
    return this.runs.list(repositoryId, query);
  }

  async get(repositoryId: string, runId: string): Promise<AnalysisRun> {
    await this.assertRepository(repositoryId);
    const run = await this.runs.find(repositoryId, runId);
    if (!run) throw new NotFoundError(PROJECTS.ANALYSIS_RUN_NOT_FOUND, 'Analysis run', runId);
    return run;
  }

  async trend(repositoryId: string, query: TrendQuery): Promise<Trend> {
    const repository = await this.repositories.find(repositoryId);
    if (!repository) throw new NotFoundError(PROJECTS.REPOSITORY_NOT_FOUND, 'Repository', repositoryId);
    const branch = query.branch ?? repository.defaultBranch;
    const points = await this.runs.trend(repositoryId, branch, query.from, query.to, query.limit);
    return {
      repositoryId,
      branch,
      metric: query.metric,
      language: query.language ?? null,
      points: points.map((p) => ({ runId: p.runId, commitSha: p.commitSha, at: p.finishedAt, value: metricValue(p.metrics, query.metric, query.language) })),
    };
  }

  async compare(repositoryId: string, baseId: string, headId: string): Promise<{ base: AnalysisRun; head: AnalysisRun; changes: RunComparison }> {
    const [base, head] = [await this.get(repositoryId, baseId), await this.get(repositoryId, headId)];
    for (const run of [base, head]) {
      if (run.status !== 'completed' || !run.metrics) throw new RunsNotComparableError(`run ${run.id} is ${run.status}, not completed`);
    }
    return { base, head, changes: compareRuns({ metrics: base.metrics!, results: base.results }, { metrics: head.metrics!, results: head.results }) };
  }

  private async assertRepository(id: string): Promise<void> {
    if (!(await this.repositories.exists(id))) throw new NotFoundError(PROJECTS.REPOSITORY_NOT_FOUND, 'Repository', id);
  }
}
