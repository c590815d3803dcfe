import { estimateDuration, evaluateHoldout, FinishedTask } from './duration-estimate';

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Synthetic history: durations log-normal around a typical size per (type, project), a label
 * ("db") that doubles the duration, spread σ = 0.5 in log space. 1,000 tasks over a year.
 */
function history(seed: number): FinishedTask[] {
  const rnd = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const typical: Record<string, number> = { bug: 3, task: 8, story: 20 };
  const projects = ['p1', 'p2', 'p3'];
  return Array.from({ length: 1000 }, (_, i) => {
    const type = ['bug', 'task', 'story'][Math.floor(rnd() * 3)];
    const projectId = projects[Math.floor(rnd() * 3)];
    const labels = rnd() < 0.3 ? ['db'] : ['ui'];
    const base = typical[type] * (projectId === 'p3' ? 1.5 : 1) * (labels[0] === 'db' ? 2 : 1);
    return { type, projectId, labels, hours: base * Math.exp(0.5 * normal()), completedAt: new Date(Date.UTC(2026, 0, 1) + i * 8 * 3_600_000) };
  });
}

/** ANALYTICS_REPORT=1 npx jest <this file> prints the figures the module README reports. */
const report = (figures: string) => process.env.ANALYTICS_REPORT && process.stdout.write(`${figures}\n`);

describe('task duration estimates', () => {
  it('uses the most specific group with enough history', () => {
    const h = history(1);
    expect(estimateDuration(h, { type: 'bug', projectId: 'p1', labels: ['db'] })!.basis).toBe('project+type+labels');
    expect(estimateDuration(h, { type: 'bug', projectId: 'p1', labels: [] })!.basis).toBe('project+type');
    expect(estimateDuration(h, { type: 'bug', projectId: 'p-new', labels: [] })!.basis).toBe('type');
    expect(estimateDuration(h, { type: 'epic', projectId: 'p-new', labels: [] })!.basis).toBe('organization');
    expect(estimateDuration(h.slice(0, 3), { type: 'bug', projectId: 'p1', labels: [] })).toBeUndefined();
  });

  it('gives an interval that holds the median', () => {
    const e = estimateDuration(history(2), { type: 'story', projectId: 'p3', labels: ['db'] })!;
    expect(e.low).toBeLessThan(e.hours);
    expect(e.high).toBeGreaterThan(e.hours);
    // Typical 20 h × 1.5 × 2 = 60 h.
    expect(e.hours).toBeGreaterThan(40);
    expect(e.hours).toBeLessThan(90);
  });

  it('beats the global median on held-out history, with an 80 % interval that covers about 80 % (figures in the README)', () => {
    const reports = [1, 2, 3].map((seed) => evaluateHoldout(history(seed)));
    report(JSON.stringify(reports));
    for (const report of reports) {
      expect(report.tested).toBe(200);
      expect(report.meanAbsoluteErrorHours!).toBeLessThan(report.baselineMeanAbsoluteErrorHours! * 0.7);
      expect(report.intervalCoverage!).toBeGreaterThan(0.7);
      expect(report.intervalCoverage!).toBeLessThan(0.9);
    }
  });
});
