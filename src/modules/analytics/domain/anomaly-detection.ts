import { mad, median } from './statistics';

export type AnomalyRuleKind = 'seasonal' | 'threshold' | 'percent_change';
export type Direction = 'above' | 'below' | 'both';
export type Severity = 'info' | 'warning' | 'critical';

export const HOUR_MS = 3_600_000;
export const WEEK_HOURS = 168;
/** Weeks of history the seasonal baseline reads. */
export const BASELINE_WEEKS = 4;
/** 1.4826·MAD estimates the standard deviation of normally distributed data. */
const MAD_SCALE = 1.4826;

export interface HourlyPoint {
  /** Start of the hour. */
  at: Date;
  value: number;
}

export interface Verdict {
  anomalous: boolean;
  observed: number;
  expected: number | null;
  /** Seasonal: robust z-score; threshold: distance to the threshold; percent change: the change in %. */
  score: number | null;
  evidence: Record<string, unknown>;
}

/** Hour of the week (0 = Monday 00:00 UTC .. 167). */
export function hourOfWeek(at: Date): number {
  return ((at.getUTCDay() + 6) % 7) * 24 + at.getUTCHours();
}

function breaches(direction: Direction, signed: number, limit: number): boolean {
  if (direction === 'above') return signed > limit;
  if (direction === 'below') return signed < -limit;
  return Math.abs(signed) > limit;
}

/**
 * Seasonal baseline: the hourly values of the same hour of the week in the previous weeks, with
 * their neighbouring hours (h−1, h, h+1), so 4 weeks give 12 samples; their median is the
 * expectation and their MAD the spread (both robust to past spikes, unlike mean and standard
 * deviation). The MAD is floored at 5 % of the median's magnitude (and a tiny absolute floor) so
 * a perfectly flat history does not turn every wiggle into an anomaly. The observation is
 * anomalous when |observed − median| / (1.4826·MAD) exceeds the sensitivity, in the rule's direction.
 * Answers not anomalous (expected null) while fewer than 6 samples exist.
 */
export function seasonalVerdict(history: readonly HourlyPoint[], at: Date, observed: number, sensitivity: number, direction: Direction): Verdict {
  const target = hourOfWeek(at);
  const atHour = Math.floor(at.getTime() / HOUR_MS);
  const samples = history
    .filter((p) => {
      const hour = Math.floor(p.at.getTime() / HOUR_MS);
      if (hour >= atHour || hour < atHour - BASELINE_WEEKS * WEEK_HOURS - 1) return false;
      const distance = (hourOfWeek(p.at) - target + WEEK_HOURS) % WEEK_HOURS;
      return distance <= 1 || distance >= WEEK_HOURS - 1;
    })
    .map((p) => p.value);
  if (samples.length < 6)
    return { anomalous: false, observed, expected: null, score: null, evidence: { samples: samples.length, reason: 'not enough history' } };
  const center = median(samples);
  const spread = Math.max(mad(samples, center), Math.abs(center) * 0.05, 1e-9);
  const score = (observed - center) / (MAD_SCALE * spread);
  return {
    anomalous: breaches(direction, score, sensitivity),
    observed,
    expected: center,
    score,
    evidence: { method: 'hour-of-week median/MAD', hourOfWeek: target, samples: samples.length, median: center, mad: spread, sensitivity },
  };
}

export function thresholdVerdict(observed: number, threshold: number, direction: Direction): Verdict {
  const signed = observed - threshold;
  return { anomalous: breaches(direction, signed, 0), observed, expected: threshold, score: signed, evidence: { method: 'threshold', threshold, direction } };
}

/** Percent change of the window's average against the window before it. */
export function percentChangeVerdict(observed: number, previous: number | null, percent: number, direction: Direction): Verdict {
  if (previous === null || previous === 0)
    return { anomalous: false, observed, expected: previous, score: null, evidence: { method: 'percent change', reason: 'no previous window' } };
  const change = ((observed - previous) / Math.abs(previous)) * 100;
  return {
    anomalous: breaches(direction, change, percent),
    observed,
    expected: previous,
    score: change,
    evidence: { method: 'percent change', previous, changePercent: change, percent },
  };
}

/** The rule's severity, raised to critical when the score is twice past the limit. */
export function severityOf(base: Severity, kind: AnomalyRuleKind, verdict: Verdict, limit: number): Severity {
  if (verdict.score === null || kind === 'threshold') return base;
  return Math.abs(verdict.score) >= 2 * limit ? 'critical' : base;
}

/**
 * The minute of the hour a series is evaluated in: a stable hash (FNV-1a) of the organization,
 * metric name and tags, so thousands of rules spread over 60 slots instead of all firing at :00.
 */
export function evaluationSlot(organizationId: string, metricName: string, tags: Record<string, string>): number {
  const key = `${organizationId}|${metricName}|${JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 60;
}
