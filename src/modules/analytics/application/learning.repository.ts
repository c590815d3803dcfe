import { Page } from '@switchyard/core';
import { EstimateTarget, FinishedTask } from '../domain/duration-estimate';
import { FailureMessage, MinedPattern, PatternType, PhaseDurations, StepOutcomes } from '../domain/patterns';

export interface Pattern {
  id: string;
  type: PatternType;
  key: string;
  description: string;
  confidence: number;
  effectiveness: number | null;
  occurrences: number;
  evidence: Record<string, unknown>;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface Recommendation {
  id: string;
  patternId: string;
  title: string;
  body: string;
  status: 'open' | 'accepted' | 'dismissed' | 'done';
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Port: outcomes read from the other modules' tables (never written) and the patterns learned from them. */
export abstract class LearningRepository {
  abstract phaseDurations(since: Date): Promise<PhaseDurations[]>;
  /** Outcomes of pipeline steps (flaky steps) and agents per task type; empty until those modules exist. */
  abstract stepOutcomes(since: Date): Promise<StepOutcomes[]>;
  abstract agentTaskTypeOutcomes(since: Date): Promise<StepOutcomes[]>;
  /** Failure messages since `since`, newest first, at most `limit` of each source. */
  abstract failureMessages(since: Date, limit: number): Promise<FailureMessage[]>;
  abstract finishedTasks(since: Date, limit: number): Promise<FinishedTask[]>;
  abstract estimateTarget(taskId: string): Promise<EstimateTarget | undefined>;

  /** Inserts or refreshes the pattern (by type and key) and its recommendation (kept once per pattern). */
  abstract upsert(pattern: MinedPattern, at: Date): Promise<Pattern>;
  abstract findPattern(id: string): Promise<Pattern | undefined>;
  abstract listPatterns(query: { limit: number; cursor?: string; type?: PatternType }): Promise<Page<Pattern>>;
  abstract setEffectiveness(id: string, effectiveness: number): Promise<void>;
  /** `lock`: FOR UPDATE, so a change read-compare-written in the same transaction cannot lose a parallel one. */
  abstract findRecommendation(id: string, options?: { lock?: boolean }): Promise<Recommendation | undefined>;
  abstract listRecommendations(query: { limit: number; cursor?: string; status?: Recommendation['status'] }): Promise<Page<Recommendation>>;
  abstract setRecommendationStatus(id: string, status: Recommendation['status']): Promise<void>;
}
