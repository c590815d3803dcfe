import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { decodeCursor, exactTimestamp, toPage } from '@switchyard/http';
import { AnalysisMetrics, AnalysisResults, AnalysisRun } from '../../domain/analysis';
import { AnalysisRunListQuery, AnalysisRunRepository, LatestMetrics, NewAnalysisRun, TrendPoint } from '../../application/analysis-run.repository';

interface RunRow {
  id: string;
  repository_id: string;
  branch: string;
  requested_sha: string | null;
  commit_sha: string | null;
  type: AnalysisRun['type'];
  status: AnalysisRun['status'];
  attempts: number;
  analyzer: string | null;
  error: string | null;
  metrics: AnalysisMetrics | null;
  results: AnalysisResults | null;
  requested_by: string | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `a.id, a.repository_id, a.branch, a.requested_sha, a.commit_sha, a.type, a.status, a.attempts, a.analyzer, a.error,
  a.metrics, a.results, a.requested_by, a.queued_at, a.started_at, a.finished_at, a.duration_ms, a.version, a.created_at, a.updated_at`;

@Injectable()
export class AnalysisRunTypeormRepository extends AnalysisRunRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org(): string {
    return this.transaction.organizationId;
  }

  private async one(sql: string, params: unknown[]): Promise<AnalysisRun | undefined> {
    const [row] = await this.transaction.query<RunRow>(sql, params);
    return row && toRun(row);
  }

  async insert(run: NewAnalysisRun): Promise<AnalysisRun> {
    return (await this.one(
      `insert into analysis_runs as a (organization_id, repository_id, branch, requested_sha, type, requested_by)
       values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
      [this.org, run.repositoryId, run.branch, run.requestedSha, run.type, run.requestedBy],
    ))!;
  }

  async attachJob(runId: string, jobId: string): Promise<void> {
    await this.transaction.query(`update analysis_runs set job_id = $3 where organization_id = $1 and id = $2`, [this.org, runId, jobId]);
  }

  async hasUnfinished(repositoryId: string, branch: string): Promise<boolean> {
    const rows = await this.transaction.query(
      `select 1 from analysis_runs where organization_id = $1 and repository_id = $2 and branch = $3 and status in ('queued', 'running') limit 1`,
      [this.org, repositoryId, branch],
    );
    return rows.length > 0;
  }

  find(repositoryId: string, runId: string): Promise<AnalysisRun | undefined> {
    return this.one(`select ${COLUMNS} from analysis_runs a where a.organization_id = $1 and a.repository_id = $2 and a.id = $3`, [this.org, repositoryId, runId]);
  }

  findById(runId: string): Promise<AnalysisRun | undefined> {
    return this.one(`select ${COLUMNS} from analysis_runs a where a.organization_id = $1 and a.id = $2`, [this.org, runId]);
  }

  async list(repositoryId: string, query: AnalysisRunListQuery): Promise<Page<AnalysisRun>> {
    const params: unknown[] = [this.org, repositoryId];
    const where = ['a.organization_id = $1', 'a.repository_id = $2'];
    if (query.status) where.push(`a.status = $${params.push(query.status)}`);
    if (query.branch) where.push(`a.branch = $${params.push(query.branch)}`);
    if (query.cursor) {
      const [queuedAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(a.queued_at, a.id) < ($${params.push(queuedAt)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.transaction.query<RunRow & { cursor_at: string }>(
      `select ${COLUMNS}, ${exactTimestamp('a.queued_at')} as cursor_at from analysis_runs a where ${where.join(' and ')}
       order by a.queued_at desc, a.id desc limit $${params.push(query.limit + 1)}`,
      params,
    );
    const page = toPage(rows, query.limit, (last) => [last.cursor_at, last.id]);
    return { items: page.items.map(toRun), nextCursor: page.nextCursor };
  }

  start(runId: string, attempt: number, analyzer: string): Promise<AnalysisRun | undefined> {
    return this.one(
      `update analysis_runs a set status = 'running', attempts = $3, analyzer = $4, started_at = now(), heartbeat_at = now(), version = a.version + 1
       where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning ${COLUMNS}`,
      [this.org, runId, attempt, analyzer],
    );
  }

  complete(runId: string, outcome: { commitSha: string; metrics: AnalysisMetrics; results: AnalysisResults }): Promise<AnalysisRun | undefined> {
    return this.one(
      `update analysis_runs a set status = 'completed', commit_sha = $3, metrics = $4, results = $5, error = null, finished_at = now(),
         duration_ms = (extract(epoch from now() - a.started_at) * 1000)::integer, version = a.version + 1
       where a.organization_id = $1 and a.id = $2 and a.status = 'running' returning ${COLUMNS}`,
      [this.org, runId, outcome.commitSha, outcome.metrics, outcome.results],
    );
  }

  requeue(runId: string, reason: string): Promise<AnalysisRun | undefined> {
    return this.one(
      `update analysis_runs a set status = 'queued', error = $3, version = a.version + 1
       where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning ${COLUMNS}`,
      [this.org, runId, reason],
    );
  }

  fail(runId: string, reason: string): Promise<AnalysisRun | undefined> {
    return this.one(
      `update analysis_runs a set status = 'failed', error = $3, finished_at = now(),
         duration_ms = (extract(epoch from now() - coalesce(a.started_at, a.queued_at)) * 1000)::integer, version = a.version + 1
       where a.organization_id = $1 and a.id = $2 and a.status in ('queued', 'running') returning ${COLUMNS}`,
      [this.org, runId, reason],
    );
  }

  async trend(repositoryId: string, branch: string, from: Date | undefined, to: Date | undefined, limit: number): Promise<TrendPoint[]> {
    const rows = await this.transaction.query<{ id: string; commit_sha: string | null; finished_at: Date; metrics: AnalysisMetrics }>(
      `select id, commit_sha, finished_at, metrics from (
         select a.id, a.commit_sha, a.finished_at, a.metrics from analysis_runs a
         where a.organization_id = $1 and a.repository_id = $2 and a.branch = $3 and a.status = 'completed'
           and ($4::timestamptz is null or a.finished_at >= $4) and ($5::timestamptz is null or a.finished_at < $5)
         order by a.finished_at desc limit $6) newest
       order by finished_at`,
      [this.org, repositoryId, branch, from ?? null, to ?? null, limit],
    );
    return rows.map((row) => ({ runId: row.id, commitSha: row.commit_sha, finishedAt: row.finished_at, metrics: row.metrics }));
  }

  async latestOfDefaultBranches(repositoryIds: string[]): Promise<LatestMetrics[]> {
    if (repositoryIds.length === 0) return [];
    const rows = await this.transaction.query<{ repository_id: string; id: string; finished_at: Date; metrics: AnalysisMetrics }>(
      `select latest.* from repositories r
       cross join lateral (
         select a.repository_id, a.id, a.finished_at, a.metrics from analysis_runs a
         where a.organization_id = r.organization_id and a.repository_id = r.id and a.branch = r.default_branch and a.status = 'completed'
         order by a.finished_at desc limit 1) latest
       where r.organization_id = $1 and r.id = any($2::uuid[])`,
      [this.org, repositoryIds],
    );
    return rows.map((row) => ({ repositoryId: row.repository_id, runId: row.id, finishedAt: row.finished_at, metrics: row.metrics }));
  }
}

function toRun(row: RunRow): AnalysisRun {
  return {
    id: row.id,
    repositoryId: row.repository_id,
    branch: row.branch,
    requestedSha: row.requested_sha,
    commitSha: row.commit_sha,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    analyzer: row.analyzer,
    error: row.error,
    metrics: row.metrics,
    results: row.results,
    requestedBy: row.requested_by,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
