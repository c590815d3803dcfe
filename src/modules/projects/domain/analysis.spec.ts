import { AnalysisMetrics, change, combineMetrics, compareRuns, metricValue, readableReason } from './analysis';

const metrics = (overrides: Partial<AnalysisMetrics> = {}): AnalysisMetrics => ({
  files: 10,
  linesOfCode: 1000,
  commentLines: 100,
  blankLines: 50,
  functions: 40,
  classes: 5,
  averageComplexity: 2,
  maxComplexity: 9,
  languages: {
    typescript: { files: 10, linesOfCode: 1000, commentLines: 100, blankLines: 50, functions: 40, classes: 5, averageComplexity: 2, maxComplexity: 9 },
  },
  coverage: { lines: 80, branches: null, functions: null, format: 'lcov', report: 'coverage/lcov.info' },
  ...overrides,
});

describe('analysis arithmetic', () => {
  it('reads metric values, per language too', () => {
    expect(metricValue(metrics(), 'linesOfCode')).toBe(1000);
    expect(metricValue(metrics(), 'coverage')).toBe(80);
    expect(metricValue(metrics(), 'functions', 'typescript')).toBe(40);
    expect(metricValue(metrics(), 'functions', 'go')).toBeNull();
    expect(metricValue(null, 'files')).toBeNull();
  });

  it('computes changes with percentages', () => {
    expect(change(8, 9)).toEqual({ base: 8, head: 9, delta: 1, percent: 12.5 });
    expect(change(0, 3)).toEqual({ base: 0, head: 3, delta: 3, percent: null });
    expect(change(null, 3)).toEqual({ base: null, head: 3, delta: null, percent: null });
  });

  it('compares runs: metrics, languages added and removed, worsened hotspots', () => {
    const head = metrics({
      linesOfCode: 1100,
      languages: {
        ...metrics().languages,
        go: { files: 1, linesOfCode: 100, commentLines: 0, blankLines: 0, functions: 2, classes: 0, averageComplexity: 1, maxComplexity: 1 },
      },
    });
    const result = compareRuns(
      {
        metrics: metrics(),
        results: {
          analyzer: 'x',
          skipped: {},
          filesWithSyntaxErrors: 0,
          timings: { checkoutMs: 0, analysisMs: 0 },
          linesPerSecond: null,
          hotspots: [{ path: 'a.ts', name: 'f', line: 1, complexity: 9 }],
        },
      },
      {
        metrics: head,
        results: {
          analyzer: 'x',
          skipped: {},
          filesWithSyntaxErrors: 0,
          timings: { checkoutMs: 0, analysisMs: 0 },
          linesPerSecond: null,
          hotspots: [
            { path: 'a.ts', name: 'f', line: 1, complexity: 9 },
            { path: 'b.ts', name: 'g', line: 3, complexity: 4 },
          ],
        },
      },
    );
    expect(result.metrics.linesOfCode).toEqual({ base: 1000, head: 1100, delta: 100, percent: 10 });
    expect(result.languagesAdded).toEqual(['go']);
    expect(result.languagesRemoved).toEqual([]);
    expect(result.languages.go!.files).toEqual({ base: 0, head: 1, delta: 1, percent: null });
    expect(result.hotspotsWorsened).toEqual([{ path: 'b.ts', name: 'g', line: 3, complexity: 4, before: null }]);
  });

  it('combines repositories: sums, function-weighted complexity, line-weighted coverage', () => {
    const a = metrics({
      functions: 10,
      averageComplexity: 1,
      maxComplexity: 3,
      linesOfCode: 100,
      coverage: { lines: 50, branches: null, functions: null, format: 'lcov', report: 'x' },
    });
    const b = metrics({ functions: 30, averageComplexity: 3, maxComplexity: 12, linesOfCode: 300, coverage: null });
    const c = metrics({
      functions: 0,
      averageComplexity: null,
      maxComplexity: null,
      linesOfCode: 100,
      coverage: { lines: 100, branches: null, functions: null, format: 'lcov', report: 'x' },
    });
    expect(combineMetrics([a, b, c])).toMatchObject({ functions: 40, averageComplexity: 2.5, maxComplexity: 12, linesOfCode: 500, coverage: 75 });
    expect(combineMetrics([])).toBeNull();
  });

  it('keeps failure reasons readable', () => {
    expect(readableReason('fatal:\n  bad   thing\n')).toBe('fatal: bad thing');
    expect(readableReason('x'.repeat(2000))).toHaveLength(1000);
  });
});
