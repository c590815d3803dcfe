import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TreeSitterCodeAnalyzer } from './tree-sitter-analyzer';

const FIXTURES: Record<string, string> = {
  // 2 functions + 1 method + 1 arrow = 4 (+ 1 in view.tsx); class 1. complexity: f = 1 + if + && + ?? = 4
  'src/a.ts': `/* header
 * comment */
export function f(a?: number, b?: number): number {
  if (a && b) return a;   // trailing comment keeps the line code
  return a ?? 0;
}

export class K {
  m(xs: number[]) { return xs.map((x) => (x > 1 ? x : 0)); }
}
function g() {}
`,
  // JSX parses with the JavaScript grammar; TSX with its own.
  'src/view.jsx': `export const View = () => <div>{ok ? 'y' : 'n'}</div>;\n`,
  'src/view.tsx': `export function V(p: { n: number }) { return <b>{p.n || 1}</b>; }\n`,
  // function 1 + lambda 1; class 1. complexity: run = 1 + for + if + and + or + comprehension for + if = 7
  'tool.py': `class T:
    def run(self, xs):
        """Docstring counts as code."""
        for x in xs:
            if x and x.a or x.b:
                pass
        return [y for y in xs if y]

square = lambda v: v * v
`,
  // method + func + literal = 3; struct 1 (interface not a class). complexity: Do = 1 + if + || + for + case = 5
  'main.go': `package main

type S struct{}
type I interface{ Do() }

func (s S) Do(n int) int {
	if n > 1 || n < -1 {
		for i := 0; i < n; i++ {
		}
	}
	switch n {
	case 1:
		return 1
	default:
	}
	return 0
}

func main() { f := func() {}; f() }
`,
  // constructor + method + lambda = 3; class + enum + record = 3 (interface not). m = 1 + while + catch + ternary + case = 5
  'A.java': `// comment
class A {
  A() {}
  int m(int x) {
    while (x > 0) { x--; }
    try { x++; } catch (Exception e) { x = 0; }
    Runnable r = () -> {};
    switch (x) { case 1: return 1; default: return x > 2 ? 2 : 3; }
  }
  enum E { X }
  record R(int a) {}
  interface I {}
}
`,
  'broken.ts': 'function (( {\n',
  'notes.txt': 'ignored\n',
};

describe('TreeSitterCodeAnalyzer', () => {
  let root: string;
  const analyzer = new TreeSitterCodeAnalyzer();
  const options = { type: 'full' as const, config: {}, maxFileBytes: 1_000_000, maxFiles: 1000 };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'analyzer-'));
    for (const [path, content] of Object.entries(FIXTURES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('counts lines, functions, classes and complexity per language with real parsers', async () => {
    const { metrics, results } = await analyzer.analyze(root, options);
    const { typescript, javascript, python, go, java } = metrics.languages;
    expect(typescript).toMatchObject({ files: 3, classes: 1, functions: 5 });
    expect(javascript).toMatchObject({ files: 1, functions: 1, maxComplexity: 2, linesOfCode: 1 });
    expect(python).toMatchObject({ files: 1, classes: 1, functions: 2, maxComplexity: 7, blankLines: 1, commentLines: 0, linesOfCode: 8 });
    expect(go).toMatchObject({ files: 1, classes: 1, functions: 3, maxComplexity: 5 });
    expect(java).toMatchObject({ files: 1, classes: 3, functions: 3, maxComplexity: 5, commentLines: 1 });
    expect(metrics.files).toBe(7);
    expect(metrics.functions).toBe(14);
    expect(results.filesWithSyntaxErrors).toBe(1);
    expect(results.skipped).toEqual({ unsupported_language: 1 });
    expect(results.hotspots[0]).toEqual({ path: 'tool.py', name: 'run', line: 2, complexity: 7 });
  });

  it('separates code, comment and blank lines', async () => {
    const { metrics } = await analyzer.analyze(root, { ...options, config: { include: ['src/a.ts'] } });
    // 11 lines: 2 comment-only, 1 blank, 8 code (a trailing comment does not make a comment line)
    expect(metrics).toMatchObject({ files: 1, commentLines: 2, blankLines: 1, linesOfCode: 8, functions: 4, maxComplexity: 4 });
    expect(metrics.averageComplexity).toBe(2);
  });

  it('honours the language list and skips oversized files', async () => {
    const goOnly = await analyzer.analyze(root, { ...options, config: { languages: ['go'] } });
    expect(Object.keys(goOnly.metrics.languages)).toEqual(['go']);
    const small = await analyzer.analyze(root, { ...options, maxFileBytes: 100 });
    expect(small.results.skipped.too_large).toBeGreaterThan(0);
  });

  it('reads only coverage for a coverage run', async () => {
    const { metrics } = await analyzer.analyze(root, { ...options, type: 'coverage' });
    expect(metrics).toMatchObject({ files: 0, coverage: null });
  });
});
