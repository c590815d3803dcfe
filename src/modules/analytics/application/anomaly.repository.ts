import { Page } from '@switchyard/core';
import { AnomalyRuleKind, Direction, Severity } from '../domain/anomaly-detection';

export interface AnomalyRule {
  id: string;
  name: string;
  metricName: string;
  tags: Record<string, string>;
  kind: AnomalyRuleKind;
  sensitivity: number;
  threshold: number | null;
  percent: number | null;
  direction: Direction;
  windowMinutes: number;
  severity: Severity;
  enabled: boolean;
  slot: number;
  lastEvaluatedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAnomalyRule = Omit<AnomalyRule, 'id' | 'lastEvaluatedAt' | 'version' | 'createdAt' | 'updatedAt'>;

export interface Anomaly {
  id: string;
  ruleId: string;
  metricName: string;
  tags: Record<string, string>;
  status: 'open' | 'resolved';
  severity: Severity;
  observed: number;
  expected: number | null;
  score: number | null;
  evidence: Record<string, unknown>;
  startedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  createdAt: Date;
}

export type NewAnomaly = Omit<Anomaly, 'id' | 'status' | 'resolvedAt' | 'createdAt' | 'lastSeenAt'>;

export interface Alert {
  id: string;
  anomalyId: string;
  ruleId: string;
  severity: Severity;
  message: string;
  status: 'open' | 'acknowledged';
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  createdAt: Date;
}

export interface ListQuery {
  limit: number;
  cursor?: string;
}

/** Port: anomaly rules, the anomalies they raised and the alerts (one per anomaly). */
export abstract class AnomalyRepository {
  abstract insertRule(rule: NewAnomalyRule): Promise<AnomalyRule>;
  /** `lock`: FOR UPDATE, so a change read-compare-written in the same transaction cannot lose a parallel one. */
  abstract findRule(id: string, options?: { lock?: boolean }): Promise<AnomalyRule | undefined>;
  abstract listRules(query: ListQuery): Promise<Page<AnomalyRule>>;
  abstract updateRule(id: string, changes: Partial<NewAnomalyRule>): Promise<void>;
  abstract deleteRule(id: string): Promise<boolean>;
  abstract markEvaluated(id: string, at: Date): Promise<void>;

  abstract openAnomaly(ruleId: string): Promise<Anomaly | undefined>;
  /** Inserts the anomaly and its alert (deduplicated: one alert per anomaly). */
  abstract raise(anomaly: NewAnomaly, message: string): Promise<{ anomaly: Anomaly; alert: Alert }>;
  abstract extend(
    id: string,
    seen: { at: Date; observed: number; expected: number | null; score: number | null; severity: Severity; evidence: Record<string, unknown> },
  ): Promise<void>;
  abstract resolve(id: string, at: Date): Promise<void>;
  abstract findAnomaly(id: string): Promise<Anomaly | undefined>;
  abstract listAnomalies(query: ListQuery & { status?: 'open' | 'resolved'; ruleId?: string }): Promise<Page<Anomaly>>;

  abstract listAlerts(query: ListQuery & { status?: 'open' | 'acknowledged' }): Promise<Page<Alert>>;
  abstract acknowledge(id: string, by: string | null, at: Date): Promise<Alert | undefined>;
}
