import picomatch from 'picomatch';
import { Language, LANGUAGES } from '../../domain/repository';

/** The grammar a file is parsed with: TSX is TypeScript's own grammar variant. */
export type Grammar = Language | 'tsx';

const GRAMMAR_OF_EXTENSION: Record<string, Grammar> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.java': 'java',
};

export function grammarOf(path: string): Grammar | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : GRAMMAR_OF_EXTENSION[path.slice(dot).toLowerCase()];
}

export function languageOfGrammar(grammar: Grammar): Language {
  return grammar === 'tsx' ? 'typescript' : grammar;
}

/** Left out of every analysis: dependencies, build output, VCS data, generated bundles. */
export const DEFAULT_EXCLUDES = [
  '**/.git/**',
  '**/node_modules/**',
  '**/bower_components/**',
  '**/vendor/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/target/**',
  '**/coverage/**',
  '**/__pycache__/**',
  '**/.venv/**',
  '**/venv/**',
  '**/*.min.js',
  '**/*.bundle.js',
];

export type Selection =
  | { analyse: true; grammar: Grammar }
  | { analyse: false; reason: 'excluded' | 'not_included' | 'unsupported_language' | 'language_not_selected' };

export interface FileSelectorOptions {
  include?: string[];
  exclude?: string[];
  languages?: Language[];
}

/**
 * Decides, from a path relative to the repository root (with `/` separators), whether a file is
 * analysed and with which grammar. Include globs narrow the tree, exclude globs (on top of the
 * defaults) remove from it, and only the selected languages count.
 */
export function createFileSelector(options: FileSelectorOptions) {
  const globOptions = { dot: true };
  const excluded = picomatch([...DEFAULT_EXCLUDES, ...(options.exclude ?? [])], globOptions);
  const included = options.include?.length ? picomatch(options.include, globOptions) : () => true;
  const languages = new Set<Language>(options.languages?.length ? options.languages : LANGUAGES);
  return {
    /** Whether a whole directory can be skipped without looking inside. */
    prunes(directory: string): boolean {
      return excluded(directory) || excluded(`${directory}/`);
    },
    select(path: string): Selection {
      if (excluded(path)) return { analyse: false, reason: 'excluded' };
      if (!included(path)) return { analyse: false, reason: 'not_included' };
      const grammar = grammarOf(path);
      if (!grammar) return { analyse: false, reason: 'unsupported_language' };
      if (!languages.has(languageOfGrammar(grammar))) return { analyse: false, reason: 'language_not_selected' };
      return { analyse: true, grammar };
    },
  };
}

export type FileSelector = ReturnType<typeof createFileSelector>;
