import { Injectable } from '@nestjs/common';
import { Activity } from './activity';
import { Actor, Page, StaleVersionError } from '@switchyard/core';
import { AnalyticsNotFoundError, InvalidRuleError } from '../domain/analytics.errors';
import {
  AnomalyRuleKind,
  BASELINE_WEEKS,
  Direction,
  evaluationSlot,
  HOUR_MS,
  percentChangeVerdict,
  seasonalVerdict,
  Severity,
  severityOf,
  thresholdVerdict,
  Verdict,
  WEEK_HOURS,
} from '../domain/anomaly-detection';
import { Alert, Anomaly, AnomalyRepository, AnomalyRule, ListQuery, NewAnomalyRule } from './anomaly.repository';
import { MetricStore } from './metric-store';

export interface RuleInput {
  name: string;
  metricName: string;
  tags?: Record<string, string>;
  kind: AnomalyRuleKind;
  sensitivity?: number;
  threshold?: number | null;
  percent?: number | null;
  direction?: Direction;
  windowMinutes?: number;
  severity?: Severity;
  enabled?: boolean;
}

export type EvaluationOutcome = 'raised' | 'continued' | 'resolved' | 'normal' | 'no data';

/**
 * Anomaly rules over metric series and their evaluation: seasonal (hour-of-week median/MAD),
 * threshold and percent change. While an anomaly is open, further breaches extend it (no second
 * alert); the first normal evaluation resolves it.
 */
@Injectable()
export class AnomaliesService {
  constructor(
    private readonly repository: AnomalyRepository,
    private readonly metrics: MetricStore,
    private readonly activity: Activity,
  ) {}

  async createRule(actor: Actor, input: RuleInput): Promise<AnomalyRule> {
    const rule = this.complete(actor.organizationId, input);
    const created = await this.repository.insertRule(rule);
    await this.activity.audit({ action: 'create', entityType: 'anomaly_rule', entityId: created.id, after: created });
    return created;
  }

  listRules(query: ListQuery): Promise<Page<AnomalyRule>> {
    return this.repository.listRules(query);
  }

  async getRule(id: string, lock = false): Promise<AnomalyRule> {
    const rule = await this.repository.findRule(id, { lock });
    if (!rule) throw new AnalyticsNotFoundError('anomaly rule', id);
    return rule;
  }

  async updateRule(actor: Actor, id: string, input: Partial<RuleInput> & { version: number }): Promise<AnomalyRule> {
    const before = await this.getRule(id, true);
    if (before.version !== input.version) throw new StaleVersionError('AnomalyRule', id, input.version, before.version);
    const { version: _version, ...changes } = input;
    const merged = this.complete(actor.organizationId, { ...before, ...changes });
    await this.repository.updateRule(id, merged);
    const after = await this.getRule(id);
    await this.activity.audit({ action: 'update', entityType: 'anomaly_rule', entityId: id, before, after });
    return after;
  }

  async deleteRule(id: string): Promise<void> {
    const before = await this.getRule(id);
    await this.repository.deleteRule(id);
    await this.activity.audit({ action: 'delete', entityType: 'anomaly_rule', entityId: id, before });
  }

  async getAnomaly(id: string): Promise<Anomaly> {
    const anomaly = await this.repository.findAnomaly(id);
    if (!anomaly) throw new AnalyticsNotFoundError('anomaly', id);
    return anomaly;
  }

  listAnomalies(query: ListQuery & { status?: 'open' | 'resolved'; ruleId?: string }): Promise<Page<Anomaly>> {
    return this.repository.listAnomalies(query);
  }

  listAlerts(query: ListQuery & { status?: 'open' | 'acknowledged' }): Promise<Page<Alert>> {
    return this.repository.listAlerts(query);
  }

  async acknowledge(actor: Actor, id: string): Promise<Alert> {
    const alert = await this.repository.acknowledge(id, actor.type === 'user' ? (actor.id ?? null) : null, new Date());
    if (!alert) throw new AnalyticsNotFoundError('alert', id);
    return alert;
  }

  /** Evaluates one rule of the current organization at `now`. */
  async evaluate(ruleId: string, now = new Date()): Promise<{ outcome: EvaluationOutcome; verdict?: Verdict; anomaly?: Anomaly; alert?: Alert }> {
    const rule = await this.getRule(ruleId);
    const verdict = await this.verdict(rule, now);
    await this.repository.markEvaluated(rule.id, now);
    const open = await this.repository.openAnomaly(rule.id);
    if (!verdict) {
      return { outcome: 'no data' };
    }
    const limit = rule.kind === 'seasonal' ? rule.sensitivity : (rule.percent ?? 0);
    const severity = severityOf(rule.severity, rule.kind, verdict, limit);
    if (!verdict.anomalous) {
      if (!open) return { outcome: 'normal', verdict };
      await this.repository.resolve(open.id, now);
      await this.activity.publish({
        type: 'analytics.anomaly.resolved',
        entityType: 'anomaly',
        entityId: open.id,
        payload: { ruleId: rule.id, metricName: rule.metricName, startedAt: open.startedAt, observed: verdict.observed },
      });
      return { outcome: 'resolved', verdict, anomaly: await this.repository.findAnomaly(open.id) };
    }
    const seen = { at: now, observed: verdict.observed, expected: verdict.expected, score: verdict.score, severity, evidence: verdict.evidence };
    if (open) {
      await this.repository.extend(open.id, seen);
      return { outcome: 'continued', verdict, anomaly: await this.repository.findAnomaly(open.id) };
    }
    const message = `${rule.name}: ${rule.metricName} is ${round(verdict.observed)}${verdict.expected !== null ? ` (expected ${round(verdict.expected)})` : ''}`;
    const raised = await this.repository.raise(
      {
        ruleId: rule.id,
        metricName: rule.metricName,
        tags: rule.tags,
        severity,
        observed: verdict.observed,
        expected: verdict.expected,
        score: verdict.score,
        evidence: verdict.evidence,
        startedAt: now,
      },
      message,
    );
    await this.activity.publish({
      type: 'analytics.anomaly.raised',
      entityType: 'anomaly',
      entityId: raised.anomaly.id,
      severity,
      payload: {
        ruleId: rule.id,
        alertId: raised.alert.id,
        // The alert's own words, for whoever relays it (the integrations module's Slack notification).
        message,
        severity,
        metricName: rule.metricName,
        observed: verdict.observed,
        expected: verdict.expected,
        score: verdict.score,
      },
    });
    return { outcome: 'raised', verdict, ...raised };
  }

  private async verdict(rule: AnomalyRule, now: Date): Promise<Verdict | undefined> {
    const windowMs = rule.windowMinutes * 60_000;
    const window = { name: rule.metricName, tags: rule.tags, from: new Date(now.getTime() - windowMs), to: now };
    const observed = await this.metrics.average(window);
    if (observed === null) return undefined;
    if (rule.kind === 'threshold') return thresholdVerdict(observed, rule.threshold!, rule.direction);
    if (rule.kind === 'percent_change') {
      const previous = await this.metrics.average({ ...window, from: new Date(now.getTime() - 2 * windowMs), to: window.from });
      return percentChangeVerdict(observed, previous, rule.percent!, rule.direction);
    }
    const history = await this.metrics.hourly({ ...window, from: new Date(now.getTime() - (BASELINE_WEEKS * WEEK_HOURS + 2) * HOUR_MS), to: window.from });
    // The window's midpoint decides which hour of the week it is compared with.
    return seasonalVerdict(history, new Date(now.getTime() - windowMs / 2), observed, rule.sensitivity, rule.direction);
  }

  private complete(organizationId: string, input: RuleInput): NewAnomalyRule {
    if (input.kind === 'threshold' && (input.threshold === undefined || input.threshold === null))
      throw new InvalidRuleError('A threshold rule needs `threshold`');
    if (input.kind === 'percent_change' && !input.percent) throw new InvalidRuleError('A percent-change rule needs `percent`');
    const tags = input.tags ?? {};
    return {
      name: input.name,
      metricName: input.metricName,
      tags,
      kind: input.kind,
      sensitivity: input.sensitivity ?? 3.5,
      threshold: input.threshold ?? null,
      percent: input.percent ?? null,
      direction: input.direction ?? 'both',
      windowMinutes: input.windowMinutes ?? 60,
      severity: input.severity ?? 'warning',
      enabled: input.enabled ?? true,
      slot: evaluationSlot(organizationId, input.metricName, tags),
    };
  }
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
