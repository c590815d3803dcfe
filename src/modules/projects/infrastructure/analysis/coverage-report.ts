import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { CoverageMetrics, round } from '../../domain/analysis';

/** Where coverage tools write their reports by default, tried in order. */
export const COVERAGE_CANDIDATES = [
  'coverage/lcov.info',
  'lcov.info',
  'coverage/lcov/lcov.info',
  'coverage/cobertura-coverage.xml',
  'coverage/cobertura.xml',
  'cobertura.xml',
  'coverage.xml',
  'target/site/cobertura/coverage.xml',
];

const MAX_REPORT_BYTES = 50 * 1024 * 1024;

/** Reads the repository's coverage report (the configured path, or the first default found); null when there is none. */
export async function readCoverage(root: string, configuredPath?: string): Promise<CoverageMetrics | null> {
  for (const candidate of configuredPath ? [configuredPath] : COVERAGE_CANDIDATES) {
    const path = normalize(join(root, candidate));
    if (!path.startsWith(root + sep)) continue;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || info.size > MAX_REPORT_BYTES) continue;
    const content = await readFile(path, 'utf8');
    const parsed = candidate.endsWith('.xml') || content.trimStart().startsWith('<') ? parseCobertura(content) : parseLcov(content);
    if (parsed) return { ...parsed, report: candidate };
  }
  return null;
}

const percent = (hit: number, found: number) => (found > 0 ? round((hit / found) * 100) : null);

/** lcov tracefile: sums the LF/LH, BRF/BRH and FNF/FNH totals of every source file. */
export function parseLcov(content: string): Omit<CoverageMetrics, 'report'> | null {
  const totals = { LF: 0, LH: 0, BRF: 0, BRH: 0, FNF: 0, FNH: 0 };
  let records = 0;
  for (const line of content.split('\n')) {
    const match = /^(LF|LH|BRF|BRH|FNF|FNH):(\d+)\s*$/.exec(line);
    if (match) totals[match[1] as keyof typeof totals] += Number(match[2]);
    else if (line.startsWith('end_of_record')) records += 1;
  }
  if (records === 0) return null;
  return { format: 'lcov', lines: percent(totals.LH, totals.LF), branches: percent(totals.BRH, totals.BRF), functions: percent(totals.FNH, totals.FNF) };
}

/** Cobertura XML: the rates on the root <coverage> element. */
export function parseCobertura(content: string): Omit<CoverageMetrics, 'report'> | null {
  const root = /<coverage\b([^>]*)>/.exec(content);
  if (!root) return null;
  const attribute = (name: string) => {
    const match = new RegExp(`\\b${name}="([0-9.]+)"`).exec(root[1]);
    return match ? Number(match[1]) : null;
  };
  const rate = (name: string) => {
    const value = attribute(name);
    return value === null || Number.isNaN(value) ? null : round(value * 100);
  };
  const linesValid = attribute('lines-valid');
  const linesCovered = attribute('lines-covered');
  const lines = linesValid && linesCovered !== null ? percent(linesCovered, linesValid) : rate('line-rate');
  return { format: 'cobertura', lines, branches: rate('branch-rate'), functions: null };
}
