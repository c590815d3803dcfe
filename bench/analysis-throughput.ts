/**
 * Code-analysis throughput on a real tree: copies a large package from node_modules into a fresh
 * git repository, then runs the service's own adapters on it exactly as an analysis run does
 * (GitSourceTree: shallow fetch over file:// + checkout; TreeSitterCodeAnalyzer: walk + parse
 * + measure) and prints lines per second.
 *
 *   npm run bench:analysis                         # typeorm (≈190k lines of JS and .d.ts)
 *   npm run bench:analysis -- rxjs @nestjs/core    # other packages, one after the other
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TreeSitterCodeAnalyzer } from '../src/modules/projects/infrastructure/analysis/tree-sitter-analyzer';
import { OutboundGate } from '@switchyard/outbound';
import { GitSourceTree } from '../src/modules/projects/infrastructure/analysis/git-source-tree';

const ROOT = join(__dirname, '..');
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.test',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.test',
};

async function measure(pkg: string): Promise<void> {
  const source = mkdtempSync(join(tmpdir(), 'analysis-bench-'));
  const work = mkdtempSync(join(tmpdir(), 'analysis-bench-work-'));
  try {
    cpSync(join(ROOT, 'node_modules', pkg), join(source, 'pkg'), { recursive: true, dereference: false });
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: source, env });
    execFileSync('git', ['add', '-A'], { cwd: source, env });
    execFileSync('git', ['commit', '--quiet', '-m', 'tree'], { cwd: source, env });

    const config = {
      concurrency: 1,
      workDir: work,
      allowLocalRepositories: true,
      gitTimeoutMs: 300_000,
      maxAttempts: 1,
      maxFileBytes: 1_048_576,
      maxFiles: 100_000,
      reaperCron: '',
      schedulerCron: '',
    };
    const git = new GitSourceTree(config, new OutboundGate()); // file:// never reaches the gate
    const analyzer = new TreeSitterCodeAnalyzer();
    const started = Date.now();
    const tree = await git.checkout({ cloneUrl: `file://${source}`, branch: 'main', commitSha: null });
    const checkedOut = Date.now();
    const report = await analyzer.analyze(tree.root, { type: 'full', config: {}, maxFileBytes: config.maxFileBytes, maxFiles: config.maxFiles });
    const analysed = Date.now();
    await tree.dispose();
    const m = report.metrics;
    const lines = m.linesOfCode + m.commentLines + m.blankLines;
    const seconds = (analysed - checkedOut) / 1000;
    const perLanguage = Object.entries(m.languages)
      .map(([language, l]) => `${language} ${l!.files} files / ${l!.linesOfCode} LOC`)
      .join(', ');
    process.stdout.write(
      [
        `${pkg}: ${m.files} files, ${lines} lines (${m.linesOfCode} code, ${m.commentLines} comment, ${m.blankLines} blank), ${m.functions} functions, ${m.classes} classes (${perLanguage})`,
        `  checkout ${checkedOut - started} ms, analysis ${analysed - checkedOut} ms (first run includes loading the grammars)`,
        `  ${Math.round(lines / seconds)} lines/s, ${Math.round(m.linesOfCode / seconds)} LOC/s; 100,000 lines in ${((100_000 / lines) * seconds).toFixed(1)} s; skipped ${JSON.stringify(report.results.skipped)}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(source, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

(async () => {
  const packages = process.argv.slice(2);
  for (const pkg of packages.length ? packages : ['typeorm']) await measure(pkg);
})().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
