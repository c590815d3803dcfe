import { Page } from '@switchyard/core';
import { AnalysisMetrics, AnalysisResults, AnalysisRun, AnalysisStatus, AnalysisType } from '../domain/analysis';

export interface AnalysisRunListQuery {
  limit: number;
  cursor?: string;
  status?: AnalysisStatus;
  branch?: string;
}

export interface NewAnalysisRun {
  repositoryId: string;
  branch: string;
  requestedSha: string | null;
  type: AnalysisType;
  requestedBy: string | null;
}

export interface TrendPoint {
  runId: string;
  commitSha: string | null;
  finishedAt: Date;
  metrics: AnalysisMetrics;
}

export interface LatestMetrics {
  repositoryId: string;
  runId: string;
  finishedAt: Date;
  metrics: AnalysisMetrics;
}

/** Analysis runs of the current organization. */
export abstract class AnalysisRunRepository {
  abstract insert(run: NewAnalysisRun): Promise<AnalysisRun>;
  abstract attachJob(runId: string, jobId: string): Promise<void>;
  /** Whether a run of the branch is still queued or running. */
  abstract hasUnfinished(repositoryId: string, branch: string): Promise<boolean>;
  abstract find(repositoryId: string, runId: string): Promise<AnalysisRun | undefined>;
  abstract findById(runId: string): Promise<AnalysisRun | undefined>;
  abstract list(repositoryId: string, query: AnalysisRunListQuery): Promise<Page<AnalysisRun>>;
  /** Marks a queued (or retried) run running; undefined when it is already finished. */
  abstract start(runId: string, attempt: number, analyzer: string): Promise<AnalysisRun | undefined>;
  abstract complete(runId: string, outcome: { commitSha: string; metrics: AnalysisMetrics; results: AnalysisResults }): Promise<AnalysisRun | undefined>;
  /** Back to queued, waiting for another attempt; the reason stays visible. */
  abstract requeue(runId: string, reason: string): Promise<AnalysisRun | undefined>;
  /** Failed for good; undefined when the run had already finished. */
  abstract fail(runId: string, reason: string): Promise<AnalysisRun | undefined>;
  /** Completed runs of a branch, oldest first, within the window. */
  abstract trend(repositoryId: string, branch: string, from: Date | undefined, to: Date | undefined, limit: number): Promise<TrendPoint[]>;
  /** The newest completed run on each repository's default branch. */
  abstract latestOfDefaultBranches(repositoryIds: string[]): Promise<LatestMetrics[]>;
}
