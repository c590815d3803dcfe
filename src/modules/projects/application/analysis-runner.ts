import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { ConfigType } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { Job, JobFailure } from '@switchyard/jobs';
import { AnalysisResults, AnalysisRun, isFinished, readableReason, round } from '../domain/analysis';
import { Repository } from '../domain/repository';
import { AnalysisRunRepository } from './analysis-run.repository';
import { AnalysisJob } from './analyses.service';
import { AnalysisFailure, CodeAnalyzer } from './code-analyzer';
import { RepositoryRepository } from './repository.repository';
import { SourceTree } from './source-tree';
import { analysisConfig } from '../projects.config';

/**
 * Executes one analysis run, as a background job: marks it running, obtains the tree and
 * analyses it with NO transaction open (cloning and parsing take seconds), then records the
 * outcome. A failed attempt goes back to the queue while attempts and hope remain (the reason
 * stays on the run); otherwise the run fails with a readable reason.
 */
@Injectable()
export class AnalysisRunner {
  private readonly logger = new Logger('AnalysisRunner');

  constructor(
    private readonly transaction: TenantTransaction,
    private readonly runs: AnalysisRunRepository,
    private readonly repositories: RepositoryRepository,
    private readonly source: SourceTree,
    private readonly analyzer: CodeAnalyzer,
    private readonly audit: AuditTrail,
    @Inject(analysisConfig.KEY) private readonly config: ConfigType<typeof analysisConfig>,
  ) {}

  async execute(job: Job<AnalysisJob>): Promise<void> {
    const organizationId = job.organizationId!;
    const { runId } = job.payload;
    const started = await this.inTenant(organizationId, () => this.start(runId, job.attempt));
    if (!started) return;
    const { run, repository } = started;
    try {
      const checkoutStarted = Date.now();
      const tree = await this.source.checkout({ cloneUrl: repository.cloneUrl, branch: run.branch, commitSha: run.requestedSha });
      try {
        const analysisStarted = Date.now();
        const report = await this.analyzer.analyze(tree.root, {
          type: run.type,
          config: repository.analysisConfig,
          maxFileBytes: this.config.maxFileBytes,
          maxFiles: this.config.maxFiles,
        });
        const analysisMs = Date.now() - analysisStarted;
        const lines = report.metrics.linesOfCode + report.metrics.commentLines + report.metrics.blankLines;
        const results: AnalysisResults = {
          ...report.results,
          timings: { checkoutMs: analysisStarted - checkoutStarted, analysisMs },
          linesPerSecond: analysisMs > 0 && lines > 0 ? round((lines * 1000) / analysisMs, 0) : null,
        };
        await this.inTenant(organizationId, async () => {
          const done = await this.runs.complete(runId, { commitSha: tree.commitSha, metrics: report.metrics, results });
          if (!done) return;
          await this.repositories.markAnalyzed(repository.id, done.finishedAt ?? new Date());
          await this.record(
            organizationId,
            done,
            'complete',
            { status: 'running' },
            { status: 'completed', commitSha: done.commitSha, linesOfCode: report.metrics.linesOfCode },
          );
        });
        this.logger.log({ runId, organizationId, files: report.metrics.files, linesOfCode: report.metrics.linesOfCode, analysisMs }, 'Analysis completed');
      } finally {
        await tree.dispose();
      }
    } catch (error) {
      const failure = error instanceof AnalysisFailure ? error : new AnalysisFailure(`Analysis failed: ${(error as Error)?.message ?? String(error)}`, true);
      const reason = readableReason(failure.message);
      const last = !failure.retryable || job.attempt >= job.maxAttempts;
      await this.inTenant(organizationId, () =>
        last
          ? this.fail(organizationId, runId, reason)
          : this.runs.requeue(runId, `Attempt ${job.attempt} of ${job.maxAttempts} failed: ${reason}; it will be retried`),
      );
      throw new JobFailure(reason, !last);
    }
  }

  /** The job was dead-lettered (e.g. its worker died on the last attempt): the run fails with the reason. */
  async giveUp(job: Job<AnalysisJob>, error: string): Promise<void> {
    await this.inTenant(job.organizationId!, () => this.fail(job.organizationId!, job.payload.runId, readableReason(error)));
  }

  /** Fails a run that is still unfinished (idempotent). Runs in the caller's tenant transaction. */
  async fail(organizationId: string, runId: string, reason: string): Promise<AnalysisRun | undefined> {
    const failed = await this.runs.fail(runId, reason);
    if (failed) await this.record(organizationId, failed, 'fail', { status: 'running' }, { status: 'failed', error: reason });
    return failed;
  }

  /** Back to queued because its job was handed back to the queue (worker died). */
  async requeue(runId: string, reason: string): Promise<void> {
    await this.runs.requeue(runId, reason);
  }

  private async start(runId: string, attempt: number): Promise<{ run: AnalysisRun; repository: Repository } | undefined> {
    const queued = await this.runs.findById(runId);
    if (!queued || isFinished(queued)) return undefined;
    const repository = await this.repositories.find(queued.repositoryId);
    if (!repository) return undefined;
    const run = await this.runs.start(runId, attempt, this.analyzer.name);
    if (!run) return undefined;
    if (attempt === 1) await this.record(repository.organizationId, run, 'start', { status: 'queued' }, { status: 'running' });
    return { run, repository };
  }

  private record(organizationId: string, run: AnalysisRun, action: string, before: object, after: object): Promise<void> {
    return this.audit.record({ organizationId, action, entityType: 'analysis_run', entityId: run.id, before, after });
  }

  private inTenant<T>(organizationId: string, fn: () => Promise<T>): Promise<T> {
    return this.transaction.run({ organizationId }, fn);
  }
}
