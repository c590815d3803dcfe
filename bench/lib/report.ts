import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figures } from './load';

export const TARGET_RATIO = 0.7;

export interface ScenarioResult {
  name: string;
  title: string;
  connections: number;
  seconds: number;
  baseline: { max: Figures; fixedRate?: Figures };
  service: { max: Figures; fixedRate?: Figures };
  /** Service requests/s over baseline requests/s, closed loop. */
  ratio: number;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
/** Requests per second: whole numbers, but one decimal for slow routes (login does a few per second). */
const rate = (value: number) => fixed(value, value < 10 ? 1 : 0);

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
}

export function formatScenario(result: ScenarioResult): string {
  const widths = [9, 12, 9, 8, 8, 8, 8, 7, 8, 9, 9];
  const lines = [
    `${result.name}: ${result.title}  (${result.connections} connections, ${result.seconds} s per run)`,
    row(['target', 'load', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'node CPU', 'db CPU'], widths),
  ];
  const add = (target: string, load: string, f: Figures) =>
    lines.push(
      row(
        [
          target,
          load,
          rate(f.requestsPerSecond),
          fixed(f.latencyMs.p50, 2),
          fixed(f.latencyMs.p95, 2),
          fixed(f.latencyMs.p99, 2),
          fixed(f.latencyMs.max, 1),
          String(f.errors),
          String(f.non2xx),
          f.cpu ? `${fixed(f.cpu.nodeMsPerRequest, 3)} ms` : '-',
          f.cpu?.databaseMsPerRequest !== undefined ? `${fixed(f.cpu.databaseMsPerRequest, 3)} ms` : '-',
        ],
        widths,
      ),
    );
  add('baseline', 'max', result.baseline.max);
  add('service', 'max', result.service.max);
  if (result.baseline.fixedRate) add('baseline', `@${result.baseline.fixedRate.offeredRate}/s`, result.baseline.fixedRate);
  if (result.service.fixedRate) add('service', `@${result.service.fixedRate.offeredRate}/s`, result.service.fixedRate);
  lines.push('(CPU columns: CPU time per request of the Node process and of its PostgreSQL backends)');
  const verdict = result.ratio >= TARGET_RATIO ? 'meets' : 'below';
  lines.push(`service/baseline: ${fixed(result.ratio * 100, 1)} % of the requests/s (${verdict} the ${TARGET_RATIO * 100} % target)`);
  const unexpected = result.baseline.max.unexpected + result.service.max.unexpected;
  if (unexpected > 0) lines.push(`WARNING: ${unexpected} responses with an unexpected status in the maximum-rate runs`);
  return lines.join('\n');
}

export function formatSummary(results: ScenarioResult[]): string {
  const widths = [14, 2, 14, 13, 7, 22, 22];
  const lines = [
    'Summary (b/s = baseline / service)',
    row(['scenario', '', 'baseline req/s', 'service req/s', 'ratio', 'p95 @ fixed rate b/s', 'node CPU/req b/s'], widths),
  ];
  for (const r of results) {
    const half =
      r.baseline.fixedRate && r.service.fixedRate ? `${fixed(r.baseline.fixedRate.latencyMs.p95, 2)} / ${fixed(r.service.fixedRate.latencyMs.p95, 2)}` : '-';
    const cpu =
      r.baseline.max.cpu && r.service.max.cpu ? `${fixed(r.baseline.max.cpu.nodeMsPerRequest, 2)} / ${fixed(r.service.max.cpu.nodeMsPerRequest, 2)} ms` : '-';
    lines.push(
      row(
        [r.name, '', rate(r.baseline.max.requestsPerSecond), rate(r.service.max.requestsPerSecond), `${fixed(r.ratio * 100, 0)} %`, `${half} ms`, cpu],
        widths,
      ),
    );
  }
  return lines.join('\n');
}

export function writeResults(directory: string, document: object): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
