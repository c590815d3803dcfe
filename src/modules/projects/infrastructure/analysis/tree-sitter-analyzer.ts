import { Injectable } from '@nestjs/common';
import { readFile, stat } from 'node:fs/promises';
import { Language as TsLanguage, Parser } from 'web-tree-sitter';
import { AnalysisMetrics, CodeMetrics, Hotspot, round } from '../../domain/analysis';
import { Language } from '../../domain/repository';
import { AnalysisReport, AnalyzeOptions, CodeAnalyzer } from '../../application/code-analyzer';
import { readCoverage } from './coverage-report';
import { createFileSelector, Grammar, languageOfGrammar } from './file-selection';
import { LANGUAGE_RULES } from './language-rules';
import { Categories, compileRules, FileMetrics, measure } from './source-metrics';
import { walkTree } from './tree-walker';

/** The grammars ship as WASM inside their npm packages: nothing is downloaded at run time. */
const GRAMMAR_FILES: Record<Grammar, string> = {
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
};

interface LoadedGrammar {
  parser: Parser;
  categories: Categories;
}

const HOTSPOTS = 10;
/** Parsing is CPU work on the event loop: hand it back this often so requests keep flowing. */
const YIELD_EVERY_MS = 15;

/**
 * The default analyser: tree-sitter parsers (WebAssembly builds of the official grammars) for
 * TypeScript/TSX, JavaScript, Python, Go and Java. Counts files, lines (code, comment, blank),
 * functions, classes and per-function cyclomatic complexity, per language, and reads coverage
 * from an lcov or Cobertura report when the tree has one.
 */
@Injectable()
export class TreeSitterCodeAnalyzer extends CodeAnalyzer {
  readonly name = 'tree-sitter@0.25';
  private grammars?: Promise<Map<Grammar, LoadedGrammar>>;

  async analyze(root: string, options: AnalyzeOptions): Promise<AnalysisReport> {
    const { config } = options;
    const coverage = options.type === 'metrics' ? null : await readCoverage(root, config.coverageReport);
    if (options.type === 'coverage') {
      return { metrics: { ...emptyMetrics(), languages: {}, coverage }, results: { analyzer: this.name, skipped: {}, filesWithSyntaxErrors: 0, hotspots: [] } };
    }
    const selector = createFileSelector({ include: config.include, exclude: config.exclude, languages: config.languages });
    const { files, skipped } = await walkTree(root, selector, options.maxFiles);
    const grammars = await this.loadGrammars();
    const perLanguage = new Map<Language, Accumulator>();
    const hotspots: Hotspot[] = [];
    let filesWithSyntaxErrors = 0;
    let lastYield = Date.now();

    for (const file of files) {
      const size = (await stat(file.absolutePath)).size;
      if (size > options.maxFileBytes) {
        skipped.too_large = (skipped.too_large ?? 0) + 1;
        continue;
      }
      const text = await readFile(file.absolutePath, 'utf8').catch(() => undefined);
      if (text === undefined || text.includes('\u0000')) {
        skipped.unreadable = (skipped.unreadable ?? 0) + 1;
        continue;
      }
      const grammar = grammars.get(file.grammar)!;
      const tree = grammar.parser.parse(text);
      if (!tree) {
        skipped.unparsable = (skipped.unparsable ?? 0) + 1;
        continue;
      }
      let metrics: FileMetrics;
      try {
        metrics = measure(tree, text, grammar.categories);
      } finally {
        tree.delete();
      }
      if (metrics.hasSyntaxErrors) filesWithSyntaxErrors += 1;
      const language = languageOfGrammar(file.grammar);
      accumulate(perLanguage, language, metrics);
      for (const fn of metrics.functions) keepHotspot(hotspots, { path: file.path, name: fn.name, line: fn.line, complexity: fn.complexity });
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }

    const languages = Object.fromEntries([...perLanguage].sort(([a], [b]) => a.localeCompare(b)).map(([language, acc]) => [language, finish(acc)]));
    const total = finish([...perLanguage.values()].reduce(merge, newAccumulator()));
    const metrics: AnalysisMetrics = { ...total, languages, coverage };
    return { metrics, results: { analyzer: this.name, skipped, filesWithSyntaxErrors, hotspots } };
  }

  /** Loaded once per process, on first use. */
  private loadGrammars(): Promise<Map<Grammar, LoadedGrammar>> {
    this.grammars ??= (async () => {
      await Parser.init();
      const loaded = new Map<Grammar, LoadedGrammar>();
      for (const [grammar, file] of Object.entries(GRAMMAR_FILES) as Array<[Grammar, string]>) {
        // Bytes, not a path: loading from a path goes through a dynamic import that some hosts (Jest) refuse.
        const language = await TsLanguage.load(await readFile(require.resolve(file)));
        const parser = new Parser();
        parser.setLanguage(language);
        loaded.set(grammar, { parser, categories: compileRules(language, LANGUAGE_RULES[grammar]) });
      }
      return loaded;
    })();
    this.grammars.catch(() => (this.grammars = undefined));
    return this.grammars;
  }
}

interface Accumulator {
  files: number;
  linesOfCode: number;
  commentLines: number;
  blankLines: number;
  classes: number;
  functions: number;
  complexitySum: number;
  maxComplexity: number | null;
}

function newAccumulator(): Accumulator {
  return { files: 0, linesOfCode: 0, commentLines: 0, blankLines: 0, classes: 0, functions: 0, complexitySum: 0, maxComplexity: null };
}

function accumulate(perLanguage: Map<Language, Accumulator>, language: Language, file: FileMetrics): void {
  const acc = perLanguage.get(language) ?? newAccumulator();
  perLanguage.set(language, acc);
  acc.files += 1;
  acc.linesOfCode += file.linesOfCode;
  acc.commentLines += file.commentLines;
  acc.blankLines += file.blankLines;
  acc.classes += file.classes;
  for (const fn of file.functions) {
    acc.functions += 1;
    acc.complexitySum += fn.complexity;
    acc.maxComplexity = Math.max(acc.maxComplexity ?? 0, fn.complexity);
  }
}

function merge(a: Accumulator, b: Accumulator): Accumulator {
  return {
    files: a.files + b.files,
    linesOfCode: a.linesOfCode + b.linesOfCode,
    commentLines: a.commentLines + b.commentLines,
    blankLines: a.blankLines + b.blankLines,
    classes: a.classes + b.classes,
    functions: a.functions + b.functions,
    complexitySum: a.complexitySum + b.complexitySum,
    maxComplexity: a.maxComplexity === null ? b.maxComplexity : b.maxComplexity === null ? a.maxComplexity : Math.max(a.maxComplexity, b.maxComplexity),
  };
}

function finish(acc: Accumulator): CodeMetrics {
  const { complexitySum, ...counts } = acc;
  return { ...counts, averageComplexity: acc.functions ? round(complexitySum / acc.functions) : null };
}

function emptyMetrics(): CodeMetrics {
  return finish(newAccumulator());
}

function keepHotspot(hotspots: Hotspot[], candidate: Hotspot): void {
  if (hotspots.length === HOTSPOTS && candidate.complexity <= hotspots[hotspots.length - 1].complexity) return;
  hotspots.push(candidate);
  hotspots.sort((a, b) => b.complexity - a.complexity || a.path.localeCompare(b.path) || a.line - b.line);
  if (hotspots.length > HOTSPOTS) hotspots.pop();
}
