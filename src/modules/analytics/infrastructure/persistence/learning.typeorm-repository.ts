import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { LearningRepository, Pattern, Recommendation } from '../../application/learning.repository';
import { EstimateTarget, FinishedTask } from '../../domain/duration-estimate';
import { FailureMessage, MinedPattern, PatternType, PhaseDurations, StepOutcomes } from '../../domain/patterns';
import { LearnedPatternEntity } from './learned-pattern.entity';
import { RecommendationEntity } from './recommendation.entity';
import {
  AGENT_TASK_TYPE_OUTCOMES,
  ESTIMATE_TARGET,
  FAILURE_MESSAGES,
  FINISHED_TASKS,
  INSERT_RECOMMENDATION,
  PHASE_DURATIONS,
  STEP_OUTCOMES,
  UPSERT_PATTERN,
} from './learning.sql';

const toPattern = (e: LearnedPatternEntity): Pattern => ({
  id: e.id,
  type: e.type as PatternType,
  key: e.key,
  description: e.description,
  confidence: e.confidence,
  effectiveness: e.effectiveness,
  occurrences: e.occurrences,
  evidence: e.evidence,
  firstSeenAt: e.firstSeenAt,
  lastSeenAt: e.lastSeenAt,
});

const toRecommendation = (e: RecommendationEntity): Recommendation => ({
  id: e.id,
  patternId: e.patternId,
  title: e.title,
  body: e.body,
  status: e.status as Recommendation['status'],
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

@Injectable()
export class LearningTypeormRepository extends LearningRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get patterns() {
    return this.transaction.manager.getRepository(LearnedPatternEntity);
  }
  private get recommendations() {
    return this.transaction.manager.getRepository(RecommendationEntity);
  }

  async phaseDurations(since: Date): Promise<PhaseDurations[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(PHASE_DURATIONS, [this.org, since]);
    return rows.map((r) => ({
      workflowId: r.workflow_id as string,
      workflowName: r.workflow_name as string,
      phaseId: r.phase_id as string,
      phaseName: r.phase_name as string,
      samples: Number(r.samples),
      p50Seconds: Number(r.p50_seconds),
    }));
  }

  async stepOutcomes(since: Date): Promise<StepOutcomes[]> {
    return this.outcomes(STEP_OUTCOMES, since);
  }

  async agentTaskTypeOutcomes(since: Date): Promise<StepOutcomes[]> {
    return this.outcomes(AGENT_TASK_TYPE_OUTCOMES, since);
  }

  async failureMessages(since: Date, limit: number): Promise<FailureMessage[]> {
    const rows = await this.transaction.query<{ source: FailureMessage['source']; message: string; at: Date }>(FAILURE_MESSAGES, [this.org, since, limit]);
    return rows.map((r) => ({ source: r.source, message: r.message, at: new Date(r.at) }));
  }

  private async outcomes(sql: string, since: Date): Promise<StepOutcomes[]> {
    const rows = await this.transaction.query<{ key: string; label: string; runs: number; failures: number; flips: number }>(sql, [this.org, since]);
    return rows.map((r) => ({ key: r.key, label: r.label, runs: Number(r.runs), failures: Number(r.failures), flips: Number(r.flips) }));
  }

  async finishedTasks(since: Date, limit: number): Promise<FinishedTask[]> {
    const rows = await this.transaction.query<Record<string, unknown>>(FINISHED_TASKS, [this.org, since, limit]);
    return rows.map((r) => ({
      type: r.type as string,
      projectId: r.project_id as string,
      labels: r.labels as string[],
      hours: Number(r.hours),
      completedAt: r.completed_at as Date,
    }));
  }

  async estimateTarget(taskId: string): Promise<EstimateTarget | undefined> {
    const [row] = await this.transaction.query<{ type: string; project_id: string; labels: string[] }>(ESTIMATE_TARGET, [this.org, taskId]);
    return row ? { type: row.type, projectId: row.project_id, labels: row.labels } : undefined;
  }

  async upsert(pattern: MinedPattern, at: Date): Promise<Pattern> {
    const [row] = await this.transaction.query<{ id: string }>(UPSERT_PATTERN, [
      this.org,
      pattern.type,
      pattern.key,
      pattern.description,
      pattern.confidence,
      pattern.occurrences,
      pattern.evidence,
      at,
    ]);
    await this.transaction.query(INSERT_RECOMMENDATION, [this.org, row.id, pattern.recommendation.title, pattern.recommendation.body]);
    return (await this.findPattern(row.id))!;
  }

  async findPattern(id: string): Promise<Pattern | undefined> {
    const row = await this.patterns.findOneBy({ organizationId: this.org, id });
    return row ? toPattern(row) : undefined;
  }

  listPatterns(query: { limit: number; cursor?: string; type?: PatternType }): Promise<Page<Pattern>> {
    const builder = this.patterns.createQueryBuilder('p').where('p.organization_id = :org', { org: this.org });
    if (query.type) builder.andWhere('p.type = :type', { type: query.type });
    return keysetPage(builder, { ...query, order: 'DESC' }, toPattern);
  }

  async setEffectiveness(id: string, effectiveness: number): Promise<void> {
    await this.patterns.update({ organizationId: this.org, id }, { effectiveness });
  }

  async findRecommendation(id: string, options: { lock?: boolean } = {}): Promise<Recommendation | undefined> {
    const row = await this.recommendations.findOne({
      where: { organizationId: this.org, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toRecommendation(row) : undefined;
  }

  listRecommendations(query: { limit: number; cursor?: string; status?: Recommendation['status'] }): Promise<Page<Recommendation>> {
    const builder = this.recommendations.createQueryBuilder('r').where('r.organization_id = :org', { org: this.org });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    return keysetPage(builder, { ...query, order: 'DESC' }, toRecommendation);
  }

  async setRecommendationStatus(id: string, status: Recommendation['status']): Promise<void> {
    await this.recommendations.update({ organizationId: this.org, id }, { status, version: () => 'version + 1' });
  }
}
