import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { entitiesFromRows, TenantTransaction } from '@switchyard/database';
import { decodeCursor, exactTimestamp, toPage } from '@switchyard/http';
import { In } from 'typeorm';
import { AnalysisRunListQuery, AnalysisRunRepository, LatestMetrics, NewAnalysisRun, TrendPoint } from '../../application/analysis-run.repository';
import { AnalysisMetrics, AnalysisResults, AnalysisRun } from '../../domain/analysis';
import { AnalysisRunEntity } from './analysis-run.entity';
import { BRANCH_TREND, COMPLETE_RUN, FAIL_RUN, LATEST_OF_DEFAULT_BRANCHES, REQUEUE_RUN, START_RUN } from './analysis-run.sql';

@Injectable()
export class AnalysisRunTypeormRepository extends AnalysisRunRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get repo() {
    return this.transaction.manager.getRepository(AnalysisRunEntity);
  }

  private get org(): string {
    return this.transaction.organizationId;
  }

  /** A claim: the run it moved, or undefined when the run was not in a state it may leave. */
  private async claim(sql: string, params: unknown[]): Promise<AnalysisRun | undefined> {
    const [row] = entitiesFromRows(this.transaction.manager, AnalysisRunEntity, await this.transaction.query(sql, [this.org, ...params]));
    return row && toRun(row);
  }

  async insert(run: NewAnalysisRun): Promise<AnalysisRun> {
    // The columns left unset here are defaulted by the table and answered by the insert's RETURNING.
    const row = this.repo.create({
      organizationId: this.org,
      repositoryId: run.repositoryId,
      branch: run.branch,
      requestedSha: run.requestedSha,
      type: run.type,
      requestedBy: run.requestedBy,
      commitSha: null,
      jobId: null,
      analyzer: null,
      error: null,
      metrics: null,
      results: null,
      startedAt: null,
      finishedAt: null,
      heartbeatAt: null,
      durationMs: null,
    });
    await this.repo.insert(row);
    return toRun(row);
  }

  async attachJob(runId: string, jobId: string): Promise<void> {
    // Bookkeeping, not a status change: the version stays.
    await this.repo.update({ organizationId: this.org, id: runId }, { jobId });
  }

  hasUnfinished(repositoryId: string, branch: string): Promise<boolean> {
    return this.repo.existsBy({ organizationId: this.org, repositoryId, branch, status: In(['queued', 'running']) });
  }

  async find(repositoryId: string, runId: string): Promise<AnalysisRun | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.org, repositoryId, id: runId });
    return row ? toRun(row) : undefined;
  }

  async findById(runId: string): Promise<AnalysisRun | undefined> {
    const row = await this.repo.findOneBy({ organizationId: this.org, id: runId });
    return row ? toRun(row) : undefined;
  }

  async list(repositoryId: string, query: AnalysisRunListQuery): Promise<Page<AnalysisRun>> {
    const builder = this.repo
      .createQueryBuilder('a')
      .addSelect(exactTimestamp('a.queued_at'), 'cursor_at')
      .where('a.organization_id = :org AND a.repository_id = :repositoryId', { org: this.org, repositoryId })
      .orderBy('a.queued_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.branch) builder.andWhere('a.branch = :branch', { branch: query.branch });
    if (query.cursor) {
      const [queuedAt, id] = decodeCursor(query.cursor, 2);
      builder.andWhere('(a.queued_at, a.id) < (:queuedAt::timestamptz, :id::uuid)', { queuedAt, id });
    }
    const { entities, raw } = await builder.getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((run, index) => ({ run, cursorAt: raw[index].cursor_at }));
    const page = toPage(rows, query.limit, (last) => [last.cursorAt, last.run.id]);
    return { items: page.items.map((row) => toRun(row.run)), nextCursor: page.nextCursor };
  }

  start(runId: string, attempt: number, analyzer: string): Promise<AnalysisRun | undefined> {
    return this.claim(START_RUN, [runId, attempt, analyzer]);
  }

  complete(runId: string, outcome: { commitSha: string; metrics: AnalysisMetrics; results: AnalysisResults }): Promise<AnalysisRun | undefined> {
    return this.claim(COMPLETE_RUN, [runId, outcome.commitSha, outcome.metrics, outcome.results]);
  }

  requeue(runId: string, reason: string): Promise<AnalysisRun | undefined> {
    return this.claim(REQUEUE_RUN, [runId, reason]);
  }

  fail(runId: string, reason: string): Promise<AnalysisRun | undefined> {
    return this.claim(FAIL_RUN, [runId, reason]);
  }

  async trend(repositoryId: string, branch: string, from: Date | undefined, to: Date | undefined, limit: number): Promise<TrendPoint[]> {
    const rows = await this.transaction.query<{ id: string; commit_sha: string | null; finished_at: Date; metrics: AnalysisMetrics }>(BRANCH_TREND, [
      this.org,
      repositoryId,
      branch,
      from ?? null,
      to ?? null,
      limit,
    ]);
    return rows.map((row) => ({ runId: row.id, commitSha: row.commit_sha, finishedAt: row.finished_at, metrics: row.metrics }));
  }

  async latestOfDefaultBranches(repositoryIds: string[]): Promise<LatestMetrics[]> {
    if (repositoryIds.length === 0) return [];
    const rows = await this.transaction.query<{ repository_id: string; id: string; finished_at: Date; metrics: AnalysisMetrics }>(LATEST_OF_DEFAULT_BRANCHES, [
      this.org,
      repositoryIds,
    ]);
    return rows.map((row) => ({ repositoryId: row.repository_id, runId: row.id, finishedAt: row.finished_at, metrics: row.metrics }));
  }
}

function toRun(row: AnalysisRunEntity): AnalysisRun {
  const { id, repositoryId, branch, requestedSha, commitSha, type, status, attempts, analyzer, error, metrics, results, requestedBy } = row;
  const { queuedAt, startedAt, finishedAt, durationMs, version, createdAt, updatedAt } = row;
  return {
    id,
    repositoryId,
    branch,
    requestedSha,
    commitSha,
    type,
    status,
    attempts,
    analyzer,
    error,
    metrics,
    results,
    requestedBy,
    queuedAt,
    startedAt,
    finishedAt,
    durationMs,
    version,
    createdAt,
    updatedAt,
  };
}
