import { Injectable } from '@nestjs/common';
import { Page } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { keysetPage } from '@switchyard/http';
import { Alert, Anomaly, AnomalyRepository, AnomalyRule, ListQuery, NewAnomaly, NewAnomalyRule } from '../../application/anomaly.repository';
import { AnomalyRuleKind, Direction, Severity } from '../../domain/anomaly-detection';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AlertEntity } from './alert.entity';
import { AnomalyEntity } from './anomaly.entity';
import { AnomalyRuleEntity } from './anomaly-rule.entity';

const toRule = (e: AnomalyRuleEntity): AnomalyRule => ({
  id: e.id,
  name: e.name,
  metricName: e.metricName,
  tags: e.tags,
  kind: e.kind as AnomalyRuleKind,
  sensitivity: e.sensitivity,
  threshold: e.threshold,
  percent: e.percent,
  direction: e.direction as Direction,
  windowMinutes: e.windowMinutes,
  severity: e.severity as Severity,
  enabled: e.enabled,
  slot: e.slot,
  lastEvaluatedAt: e.lastEvaluatedAt,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const toAnomaly = (e: AnomalyEntity): Anomaly => ({
  id: e.id,
  ruleId: e.ruleId,
  metricName: e.metricName,
  tags: e.tags,
  status: e.status as Anomaly['status'],
  severity: e.severity as Severity,
  observed: e.observed,
  expected: e.expected,
  score: e.score,
  evidence: e.evidence,
  startedAt: e.startedAt,
  lastSeenAt: e.lastSeenAt,
  resolvedAt: e.resolvedAt,
  createdAt: e.createdAt,
});

const toAlert = (e: AlertEntity): Alert => ({
  id: e.id,
  anomalyId: e.anomalyId,
  ruleId: e.ruleId,
  severity: e.severity as Severity,
  message: e.message,
  status: e.status as Alert['status'],
  acknowledgedBy: e.acknowledgedBy,
  acknowledgedAt: e.acknowledgedAt,
  createdAt: e.createdAt,
});

@Injectable()
export class AnomalyTypeormRepository extends AnomalyRepository {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  private get org() {
    return this.transaction.organizationId;
  }
  private get rules() {
    return this.transaction.manager.getRepository(AnomalyRuleEntity);
  }
  private get anomalies() {
    return this.transaction.manager.getRepository(AnomalyEntity);
  }
  private get alerts() {
    return this.transaction.manager.getRepository(AlertEntity);
  }

  async insertRule(rule: NewAnomalyRule): Promise<AnomalyRule> {
    const { identifiers } = await this.rules.insert({ ...rule, organizationId: this.org });
    return (await this.findRule(identifiers[0].id as string))!;
  }

  async findRule(id: string, options: { lock?: boolean } = {}): Promise<AnomalyRule | undefined> {
    const row = await this.rules.findOne({
      where: { organizationId: this.org, id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toRule(row) : undefined;
  }

  listRules(query: ListQuery): Promise<Page<AnomalyRule>> {
    const builder = this.rules.createQueryBuilder('r').where('r.organization_id = :org', { org: this.org });
    return keysetPage(builder, { ...query, order: 'ASC' }, toRule);
  }

  async updateRule(id: string, changes: Partial<NewAnomalyRule>): Promise<void> {
    await this.rules.update({ organizationId: this.org, id }, { ...changes, version: () => 'version + 1' });
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.rules.delete({ organizationId: this.org, id });
    return (result.affected ?? 0) > 0;
  }

  async markEvaluated(id: string, at: Date): Promise<void> {
    // Not a client edit: the version stays (a PATCH with the version read before stays valid).
    await this.rules
      .createQueryBuilder()
      .update()
      .set({ lastEvaluatedAt: at, version: () => 'version', updatedAt: () => 'updated_at' })
      .where({ organizationId: this.org, id })
      .execute();
  }

  async openAnomaly(ruleId: string): Promise<Anomaly | undefined> {
    const row = await this.anomalies.findOneBy({ organizationId: this.org, ruleId, status: 'open' });
    return row ? toAnomaly(row) : undefined;
  }

  async raise(anomaly: NewAnomaly, message: string): Promise<{ anomaly: Anomaly; alert: Alert }> {
    const { identifiers } = await this.anomalies.insert({
      ...anomaly,
      organizationId: this.org,
      lastSeenAt: anomaly.startedAt,
      status: 'open',
    } as QueryDeepPartialEntity<AnomalyEntity>);
    const id = identifiers[0].id as string;
    const inserted = await this.alerts.insert({ organizationId: this.org, anomalyId: id, ruleId: anomaly.ruleId, severity: anomaly.severity, message });
    return {
      anomaly: (await this.findAnomaly(id))!,
      alert: toAlert((await this.alerts.findOneBy({ organizationId: this.org, id: inserted.identifiers[0].id as string }))!),
    };
  }

  async extend(
    id: string,
    seen: { at: Date; observed: number; expected: number | null; score: number | null; severity: Severity; evidence: Record<string, unknown> },
  ): Promise<void> {
    await this.anomalies.update({ organizationId: this.org, id }, {
      lastSeenAt: seen.at,
      observed: seen.observed,
      expected: seen.expected,
      score: seen.score,
      severity: seen.severity,
      evidence: seen.evidence,
    } as QueryDeepPartialEntity<AnomalyEntity>);
  }

  async resolve(id: string, at: Date): Promise<void> {
    await this.anomalies.update({ organizationId: this.org, id }, { status: 'resolved', resolvedAt: at });
  }

  async findAnomaly(id: string): Promise<Anomaly | undefined> {
    const row = await this.anomalies.findOneBy({ organizationId: this.org, id });
    return row ? toAnomaly(row) : undefined;
  }

  listAnomalies(query: ListQuery & { status?: 'open' | 'resolved'; ruleId?: string }): Promise<Page<Anomaly>> {
    const builder = this.anomalies.createQueryBuilder('a').where('a.organization_id = :org', { org: this.org });
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.ruleId) builder.andWhere('a.rule_id = :ruleId', { ruleId: query.ruleId });
    return keysetPage(builder, { ...query, order: 'DESC' }, toAnomaly);
  }

  listAlerts(query: ListQuery & { status?: 'open' | 'acknowledged' }): Promise<Page<Alert>> {
    const builder = this.alerts.createQueryBuilder('a').where('a.organization_id = :org', { org: this.org });
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    return keysetPage(builder, { ...query, order: 'DESC' }, toAlert);
  }

  async acknowledge(id: string, by: string | null, at: Date): Promise<Alert | undefined> {
    await this.alerts.update({ organizationId: this.org, id, status: 'open' }, { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at });
    const row = await this.alerts.findOneBy({ organizationId: this.org, id });
    return row ? toAlert(row) : undefined;
  }
}
