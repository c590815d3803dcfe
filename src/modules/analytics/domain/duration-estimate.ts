import { median, quantile } from './statistics';

/** A finished task of the history: how long it took from start (or creation) to done. */
export interface FinishedTask {
  type: string;
  projectId: string;
  labels: readonly string[];
  hours: number;
  completedAt: Date;
}

export interface EstimateTarget {
  type: string;
  projectId: string;
  labels: readonly string[];
}

export type EstimateBasis = 'project+type+labels' | 'project+type' | 'type' | 'organization';

export interface DurationEstimate {
  basis: EstimateBasis;
  samples: number;
  /** Median duration of the comparable tasks. */
  hours: number;
  /** 10th–90th percentile of the comparable tasks: an 80 % interval. */
  low: number;
  high: number;
}

export const MIN_SAMPLES = 5;

/**
 * Estimates from the most specific group of comparable finished tasks that has at least
 * MIN_SAMPLES: same project, type and at least one shared label; then same project and type; then
 * the type anywhere; then every task. Median as the estimate, 10th–90th percentile as the interval
 * (durations are skewed, so no normal assumption). Undefined without enough history at all.
 */
export function estimateDuration(history: readonly FinishedTask[], target: EstimateTarget, minSamples = MIN_SAMPLES): DurationEstimate | undefined {
  const labels = new Set(target.labels);
  const groups: Array<[EstimateBasis, (t: FinishedTask) => boolean]> = [
    ['project+type+labels', (t) => t.projectId === target.projectId && t.type === target.type && t.labels.some((l) => labels.has(l))],
    ['project+type', (t) => t.projectId === target.projectId && t.type === target.type],
    ['type', (t) => t.type === target.type],
    ['organization', () => true],
  ];
  for (const [basis, matches] of groups) {
    if (basis === 'project+type+labels' && labels.size === 0) continue;
    const hours = history.filter(matches).map((t) => t.hours);
    if (hours.length >= minSamples) return { basis, samples: hours.length, hours: median(hours), low: quantile(hours, 0.1), high: quantile(hours, 0.9) };
  }
  return undefined;
}

export interface HoldoutReport {
  trained: number;
  tested: number;
  /** Mean absolute error of the median estimate, in hours. */
  meanAbsoluteErrorHours: number | null;
  /** Median of |estimate − actual| / actual. */
  medianAbsolutePercentError: number | null;
  /** Share of held-out tasks whose actual duration fell inside the 80 % interval. */
  intervalCoverage: number | null;
  /** The same error when every task is estimated with the global median (the baseline to beat). */
  baselineMeanAbsoluteErrorHours: number | null;
}

/** Trains on the oldest (1 − fraction) of the history by completion time and scores the newest fraction. */
export function evaluateHoldout(history: readonly FinishedTask[], fraction = 0.2, minSamples = MIN_SAMPLES): HoldoutReport {
  const sorted = [...history].sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
  const cut = Math.floor(sorted.length * (1 - fraction));
  const train = sorted.slice(0, cut);
  const test = sorted.slice(cut);
  const globalMedian = train.length ? median(train.map((t) => t.hours)) : NaN;
  const errors: number[] = [];
  const percentErrors: number[] = [];
  const baselineErrors: number[] = [];
  let inside = 0;
  for (const task of test) {
    const estimate = estimateDuration(train, task, minSamples);
    if (!estimate) continue;
    errors.push(Math.abs(estimate.hours - task.hours));
    if (task.hours > 0) percentErrors.push(Math.abs(estimate.hours - task.hours) / task.hours);
    baselineErrors.push(Math.abs(globalMedian - task.hours));
    if (task.hours >= estimate.low && task.hours <= estimate.high) inside += 1;
  }
  const avg = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
  return {
    trained: train.length,
    tested: errors.length,
    meanAbsoluteErrorHours: avg(errors),
    medianAbsolutePercentError: percentErrors.length ? median(percentErrors) : null,
    intervalCoverage: errors.length ? inside / errors.length : null,
    baselineMeanAbsoluteErrorHours: avg(baselineErrors),
  };
}
