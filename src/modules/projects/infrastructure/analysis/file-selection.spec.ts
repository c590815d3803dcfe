import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createFileSelector, grammarOf } from './file-selection';
import { walkTree } from './tree-walker';

describe('file selection', () => {
  it('maps extensions to grammars', () => {
    expect(['a.ts', 'a.MTS', 'a.tsx', 'a.jsx', 'a.cjs', 'a.py', 'a.go', 'A.java', 'a.rb', 'Makefile'].map(grammarOf)).toEqual([
      'typescript',
      'typescript',
      'tsx',
      'javascript',
      'javascript',
      'python',
      'go',
      'java',
      undefined,
      undefined,
    ]);
  });

  it('leaves out dependencies, build output and minified files by default', () => {
    const selector = createFileSelector({});
    expect(selector.select('src/app.ts')).toEqual({ analyse: true, grammar: 'typescript' });
    for (const path of ['node_modules/x/index.js', 'web/node_modules/x.js', 'dist/app.js', 'vendor/lib.go', 'public/app.min.js', '.git/hooks/x.py']) {
      expect(selector.select(path)).toEqual({ analyse: false, reason: 'excluded' });
    }
    expect(selector.select('README.md')).toEqual({ analyse: false, reason: 'unsupported_language' });
    expect(selector.prunes('node_modules')).toBe(true);
    expect(selector.prunes('src')).toBe(false);
  });

  it('honours include and exclude globs and the language list', () => {
    const selector = createFileSelector({
      include: ['src/**', 'tools/*.py'],
      exclude: ['**/*.spec.ts', 'src/generated/**'],
      languages: ['typescript', 'python'],
    });
    expect(selector.select('src/a.ts').analyse).toBe(true);
    expect(selector.select('src/.hidden/a.ts').analyse).toBe(true);
    expect(selector.select('tools/gen.py').analyse).toBe(true);
    expect(selector.select('tools/deep/gen.py')).toEqual({ analyse: false, reason: 'not_included' });
    expect(selector.select('src/a.spec.ts')).toEqual({ analyse: false, reason: 'excluded' });
    expect(selector.select('src/generated/x.ts')).toEqual({ analyse: false, reason: 'excluded' });
    expect(selector.prunes('src/generated')).toBe(true);
    expect(selector.select('src/main.go')).toEqual({ analyse: false, reason: 'language_not_selected' });
    expect(selector.select('scripts/a.ts')).toEqual({ analyse: false, reason: 'not_included' });
  });
});

describe('walkTree', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'walk-'));
    for (const path of ['src/b.ts', 'src/a.ts', 'src/z/c.py', 'node_modules/dep/x.js', 'docs/readme.md']) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), 'x');
    }
    symlinkSync('/etc/passwd', join(root, 'src/evil.ts'));
    symlinkSync('/etc', join(root, 'linked-dir'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists selected files in order, never following symbolic links', async () => {
    const { files, skipped } = await walkTree(root, createFileSelector({}), 100);
    expect(files.map((f) => [f.path, f.grammar])).toEqual([
      ['src/a.ts', 'typescript'],
      ['src/b.ts', 'typescript'],
      ['src/z/c.py', 'python'],
    ]);
    expect(skipped).toEqual({ symlink: 2, excluded_directory: 1, unsupported_language: 1 });
  });

  it('stops at the file limit', async () => {
    const { files, skipped } = await walkTree(root, createFileSelector({}), 2);
    expect(files).toHaveLength(2);
    expect(skipped.over_file_limit).toBe(1);
  });
});
