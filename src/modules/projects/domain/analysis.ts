import { Language } from './repository';

/** Rules and arithmetic of code-analysis runs: statuses, metrics, trends, comparisons. */
export const ANALYSIS_TYPES = ['full', 'metrics', 'coverage'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export const ANALYSIS_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export interface CodeMetrics {
  files: number;
  linesOfCode: number;
  commentLines: number;
  blankLines: number;
  functions: number;
  classes: number;
  /** Mean cyclomatic complexity per function; null without functions. */
  averageComplexity: number | null;
  maxComplexity: number | null;
}

export interface CoverageMetrics {
  /** Percentages 0–100; null when the report does not say. */
  lines: number | null;
  branches: number | null;
  functions: number | null;
  format: 'lcov' | 'cobertura';
  report: string;
}

export interface AnalysisMetrics extends CodeMetrics {
  languages: Partial<Record<Language, CodeMetrics>>;
  coverage: CoverageMetrics | null;
}

export interface Hotspot {
  path: string;
  name: string;
  line: number;
  complexity: number;
}

export interface AnalysisResults {
  analyzer: string;
  /** Files left out, by reason (excluded, unsupported language, too large, unreadable, symlink). */
  skipped: Record<string, number>;
  filesWithSyntaxErrors: number;
  /** The most complex functions. */
  hotspots: Hotspot[];
  timings: { checkoutMs: number; analysisMs: number };
  linesPerSecond: number | null;
}

export interface AnalysisRun {
  id: string;
  repositoryId: string;
  branch: string;
  requestedSha: string | null;
  commitSha: string | null;
  type: AnalysisType;
  status: AnalysisStatus;
  attempts: number;
  analyzer: string | null;
  error: string | null;
  metrics: AnalysisMetrics | null;
  results: AnalysisResults | null;
  requestedBy: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A run still waiting or working; completed and failed runs are final. */
export function isFinished(run: Pick<AnalysisRun, 'status'>): boolean {
  return run.status === 'completed' || run.status === 'failed';
}

export const TREND_METRICS = ['files', 'linesOfCode', 'commentLines', 'functions', 'classes', 'averageComplexity', 'maxComplexity', 'coverage'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

/** The value of one metric in a run's metrics (optionally of one language); null when absent. */
export function metricValue(metrics: AnalysisMetrics | null, metric: TrendMetric, language?: Language): number | null {
  if (!metrics) return null;
  if (metric === 'coverage') return language ? null : (metrics.coverage?.lines ?? null);
  const source = language ? metrics.languages[language] : metrics;
  return source ? source[metric] : null;
}

export interface MetricChange {
  base: number | null;
  head: number | null;
  delta: number | null;
  /** Relative change in percent; null when the base is 0 or absent. */
  percent: number | null;
}

export interface RunComparison {
  metrics: Record<TrendMetric, MetricChange>;
  languages: Partial<Record<Language, Record<Exclude<TrendMetric, 'coverage'>, MetricChange>>>;
  languagesAdded: Language[];
  languagesRemoved: Language[];
  /** Hotspots of the head run that are new or got more complex. */
  hotspotsWorsened: Array<Hotspot & { before: number | null }>;
}

export function change(base: number | null, head: number | null): MetricChange {
  const delta = base === null || head === null ? null : round(head - base);
  const percent = delta === null || !base ? null : round((delta / base) * 100);
  return { base, head, delta, percent };
}

/** What changed from `base` to `head`, metric by metric and language by language. */
export function compareRuns(
  base: { metrics: AnalysisMetrics; results: AnalysisResults | null },
  head: { metrics: AnalysisMetrics; results: AnalysisResults | null },
): RunComparison {
  const metrics = Object.fromEntries(
    TREND_METRICS.map((m) => [m, change(metricValue(base.metrics, m), metricValue(head.metrics, m))]),
  ) as RunComparison['metrics'];
  const baseLanguages = Object.keys(base.metrics.languages) as Language[];
  const headLanguages = Object.keys(head.metrics.languages) as Language[];
  const languages: RunComparison['languages'] = {};
  for (const language of [...new Set([...baseLanguages, ...headLanguages])].sort()) {
    languages[language] = Object.fromEntries(
      TREND_METRICS.filter((m) => m !== 'coverage').map((m) => [
        m,
        change(metricValue(base.metrics, m, language) ?? 0, metricValue(head.metrics, m, language) ?? 0),
      ]),
    ) as Record<Exclude<TrendMetric, 'coverage'>, MetricChange>;
  }
  const before = new Map((base.results?.hotspots ?? []).map((h) => [`${h.path}#${h.name}`, h.complexity]));
  const hotspotsWorsened = (head.results?.hotspots ?? [])
    .map((h) => ({ ...h, before: before.get(`${h.path}#${h.name}`) ?? null }))
    .filter((h) => h.before === null || h.complexity > h.before);
  return {
    metrics,
    languages,
    languagesAdded: headLanguages.filter((l) => !baseLanguages.includes(l)).sort(),
    languagesRemoved: baseLanguages.filter((l) => !headLanguages.includes(l)).sort(),
    hotspotsWorsened,
  };
}

/**
 * Metrics of several repositories taken together (a project's): sums of counts, the
 * function-weighted mean complexity, the largest maximum, and coverage weighted by lines of code.
 */
export function combineMetrics(all: AnalysisMetrics[]): (CodeMetrics & { coverage: number | null }) | null {
  if (all.length === 0) return null;
  const sum = (pick: (m: AnalysisMetrics) => number) => all.reduce((total, m) => total + pick(m), 0);
  const functions = sum((m) => m.functions);
  const weighted = sum((m) => (m.averageComplexity ?? 0) * m.functions);
  const maxima = all.map((m) => m.maxComplexity).filter((v): v is number => v !== null);
  const covered = all.filter((m) => m.coverage?.lines != null);
  const coveredLines = covered.reduce((total, m) => total + m.linesOfCode, 0);
  return {
    files: sum((m) => m.files),
    linesOfCode: sum((m) => m.linesOfCode),
    commentLines: sum((m) => m.commentLines),
    blankLines: sum((m) => m.blankLines),
    functions,
    classes: sum((m) => m.classes),
    averageComplexity: functions ? round(weighted / functions) : null,
    maxComplexity: maxima.length ? Math.max(...maxima) : null,
    coverage: coveredLines ? round(covered.reduce((total, m) => total + m.coverage!.lines! * m.linesOfCode, 0) / coveredLines) : null,
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Keeps a human-sized, single-paragraph failure reason (git can be verbose). */
export function readableReason(message: string, max = 1000): string {
  const text = message.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
