import { Injectable } from '@nestjs/common';
import { Page, StaleVersionError } from '@switchyard/core';
import { AnalyticsNotFoundError } from '../domain/analytics.errors';
import { DurationEstimate, estimateDuration, evaluateHoldout, HoldoutReport } from '../domain/duration-estimate';
import { flakySubjects, PatternType, recurringFailures, slowPhases } from '../domain/patterns';
import { Activity } from './activity';
import { LearningRepository, Pattern, Recommendation } from './learning.repository';

const DAY_MS = 86_400_000;
/** History the miner and the estimator read. */
export const LEARNING_WINDOW_DAYS = 180;
const HISTORY_LIMIT = 20_000;

/**
 * Learning from outcomes: patterns mined from the history (slow workflow phases, flaky pipeline
 * steps, agents failing on a task type) with their recommendations, and task duration estimates.
 */
/** The newest failures of each source the miner groups per run (older ones in the window are left out). */
const FAILURE_MESSAGES_MINED = 5_000;

@Injectable()
export class LearningService {
  constructor(
    private readonly learning: LearningRepository,
    private readonly activity: Activity,
  ) {}

  /** Mines the current organization's history; answers the patterns found (new or refreshed). */
  async mine(now = new Date()): Promise<Pattern[]> {
    const since = new Date(now.getTime() - LEARNING_WINDOW_DAYS * DAY_MS);
    const mined = [
      ...slowPhases(await this.learning.phaseDurations(since)),
      ...flakySubjects('flaky_step', await this.learning.stepOutcomes(since)),
      ...flakySubjects('agent_task_type_failure', await this.learning.agentTaskTypeOutcomes(since)),
      ...recurringFailures(await this.learning.failureMessages(since, FAILURE_MESSAGES_MINED)),
    ];
    const stored: Pattern[] = [];
    for (const pattern of mined) stored.push(await this.learning.upsert(pattern, now));
    if (stored.length)
      await this.activity.publish({
        type: 'analytics.patterns.mined',
        payload: { patterns: stored.map((p) => ({ id: p.id, type: p.type, confidence: p.confidence })) },
      });
    return stored;
  }

  listPatterns(query: { limit: number; cursor?: string; type?: PatternType }): Promise<Page<Pattern>> {
    return this.learning.listPatterns(query);
  }

  async getPattern(id: string): Promise<Pattern> {
    const pattern = await this.learning.findPattern(id);
    if (!pattern) throw new AnalyticsNotFoundError('pattern', id);
    return pattern;
  }

  listRecommendations(query: { limit: number; cursor?: string; status?: Recommendation['status'] }): Promise<Page<Recommendation>> {
    return this.learning.listRecommendations(query);
  }

  /**
   * Records what the organization did with a recommendation. `done` marks its pattern effective
   * (1), `dismissed` ineffective (0): the effectiveness the seeds ask of learned patterns.
   */
  async decide(id: string, input: { status: Recommendation['status']; version: number }): Promise<Recommendation> {
    const before = await this.learning.findRecommendation(id, { lock: true });
    if (!before) throw new AnalyticsNotFoundError('recommendation', id);
    if (before.version !== input.version) throw new StaleVersionError('Recommendation', id, input.version, before.version);
    await this.learning.setRecommendationStatus(id, input.status);
    if (input.status === 'done' || input.status === 'dismissed') await this.learning.setEffectiveness(before.patternId, input.status === 'done' ? 1 : 0);
    return (await this.learning.findRecommendation(id))!;
  }

  /** A duration estimate for the task from the organization's finished tasks like it. */
  async estimate(taskId: string, now = new Date()): Promise<{ taskId: string; estimate: DurationEstimate | null }> {
    const target = await this.learning.estimateTarget(taskId);
    if (!target) throw new AnalyticsNotFoundError('task', taskId);
    const history = await this.learning.finishedTasks(new Date(now.getTime() - LEARNING_WINDOW_DAYS * DAY_MS), HISTORY_LIMIT);
    return { taskId, estimate: estimateDuration(history, target) ?? null };
  }

  /** How good the estimates are on this organization's own history: the newest 20 % held out. */
  async accuracy(now = new Date()): Promise<HoldoutReport> {
    const history = await this.learning.finishedTasks(new Date(now.getTime() - LEARNING_WINDOW_DAYS * DAY_MS), HISTORY_LIMIT);
    return evaluateHoldout(history);
  }
}
