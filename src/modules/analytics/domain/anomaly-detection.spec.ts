import { evaluationSlot, HOUR_MS, HourlyPoint, percentChangeVerdict, seasonalVerdict, thresholdVerdict, WEEK_HOURS } from './anomaly-detection';

/** A deterministic pseudo-random generator (mulberry32), so the measured precision/recall is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Synthetic traffic with daily and weekly seasonality: a daytime peak (sine over the day), weekends
 * at 40 %, multiplicative noise of ±10 %. Monday 00:00 UTC start.
 */
function series(weeks: number, seed: number): HourlyPoint[] {
  const rnd = random(seed);
  const start = Date.UTC(2026, 0, 5); // a Monday
  return Array.from({ length: weeks * WEEK_HOURS }, (_, h) => {
    const hourOfDay = h % 24;
    const weekend = Math.floor(h / 24) % 7 >= 5;
    const daily = 100 + 80 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI));
    const value = daily * (weekend ? 0.4 : 1) * (1 + (rnd() - 0.5) * 0.2);
    return { at: new Date(start + h * HOUR_MS), value };
  });
}

/** Runs the detector over the last `evalWeeks` weeks of a series with injected spikes; answers precision and recall. */
function measure(sensitivity: number, seed: number) {
  const weeks = 6;
  const evalWeeks = 2;
  const points = series(weeks, seed);
  const rnd = random(seed * 7 + 1);
  const firstEval = (weeks - evalWeeks) * WEEK_HOURS;
  const injected = new Set<number>();
  while (injected.size < 30) injected.add(firstEval + Math.floor(rnd() * evalWeeks * WEEK_HOURS));
  for (const index of injected) {
    // Spikes of +60 % to +200 %, or drops to 30 %: visible, but some only against the same hour of the week.
    const kind = rnd();
    points[index] = { ...points[index], value: points[index].value * (kind < 0.7 ? 1.6 + rnd() * 1.4 : 0.3) };
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = firstEval; i < points.length; i++) {
    const verdict = seasonalVerdict(points.slice(0, i), points[i].at, points[i].value, sensitivity, 'both');
    if (verdict.anomalous && injected.has(i)) tp++;
    else if (verdict.anomalous) fp++;
    else if (injected.has(i)) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp, fp, fn };
}

/** ANALYTICS_REPORT=1 npx jest <this file> prints the figures the module README reports. */
const report = (figures: string) => process.env.ANALYTICS_REPORT && process.stdout.write(`${figures}\n`);

describe('seasonal anomaly detection', () => {
  it('finds injected spikes in a daily + weekly seasonal series with high precision and recall (figures in the README)', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => measure(3.5, seed));
    const total = runs.reduce((s, r) => ({ tp: s.tp + r.tp, fp: s.fp + r.fp, fn: s.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
    const precision = total.tp / (total.tp + total.fp);
    const recall = total.tp / (total.tp + total.fn);
    report(JSON.stringify({ sensitivity: 3.5, ...total, precision: precision.toFixed(3), recall: recall.toFixed(3) }));
    expect(precision).toBeGreaterThan(0.9);
    expect(recall).toBeGreaterThan(0.9);
  });

  it('trades recall for precision with the sensitivity', () => {
    const loose = measure(2, 11);
    const strict = measure(8, 11);
    report(JSON.stringify({ loose, strict }));
    expect(loose.recall).toBeGreaterThanOrEqual(strict.recall);
    expect(strict.precision).toBeGreaterThanOrEqual(loose.precision);
  });

  it('does not flag the weekend dip a plain rolling mean would (seasonality is learnt per hour of week)', () => {
    const points = series(5, 3);
    const saturdayNoon = 4 * WEEK_HOURS + 5 * 24 + 12;
    const verdict = seasonalVerdict(points.slice(0, saturdayNoon), points[saturdayNoon].at, points[saturdayNoon].value, 3.5, 'both');
    expect(verdict.anomalous).toBe(false);
    expect(verdict.expected).toBeLessThan(100);
  });

  it('respects the direction and needs enough history', () => {
    const points = series(5, 4);
    const i = 4 * WEEK_HOURS + 12;
    expect(seasonalVerdict(points.slice(0, i), points[i].at, points[i].value * 3, 3.5, 'below').anomalous).toBe(false);
    expect(seasonalVerdict(points.slice(0, i), points[i].at, points[i].value * 3, 3.5, 'above').anomalous).toBe(true);
    expect(seasonalVerdict(points.slice(0, 30), points[30].at, 1e6, 3.5, 'both')).toMatchObject({ anomalous: false, expected: null });
  });

  it('threshold and percent-change rules', () => {
    expect(thresholdVerdict(120, 100, 'above').anomalous).toBe(true);
    expect(thresholdVerdict(80, 100, 'above').anomalous).toBe(false);
    expect(thresholdVerdict(80, 100, 'below').anomalous).toBe(true);
    expect(percentChangeVerdict(150, 100, 40, 'both')).toMatchObject({ anomalous: true, score: 50 });
    expect(percentChangeVerdict(70, 100, 40, 'both').anomalous).toBe(false);
    expect(percentChangeVerdict(70, null, 40, 'both').anomalous).toBe(false);
  });

  it('staggers series over the 60 minutes of the hour', () => {
    const slots = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const slot = evaluationSlot('00000000-0000-4000-8000-000000000001', `metric.${i}`, { host: `h${i % 7}` });
      slots.set(slot, (slots.get(slot) ?? 0) + 1);
    }
    expect(slots.size).toBe(60);
    // No minute takes more than twice its fair share (100).
    expect(Math.max(...slots.values())).toBeLessThan(200);
    expect(evaluationSlot('o', 'm', { a: '1', b: '2' })).toBe(evaluationSlot('o', 'm', { b: '2', a: '1' }));
  });
});
