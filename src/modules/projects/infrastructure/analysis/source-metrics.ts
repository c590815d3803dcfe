import type { Language as TsLanguage, Tree } from 'web-tree-sitter';
import { LanguageRules } from './language-rules';

const FUNCTION = 1;
const CLASS = 2;
const DECISION = 4;
const COMMENT = 8;
const STRUCT = 16;
const STRUCT_PARENT = 32;

/** Node-type id → what it counts as, for one grammar: a lookup instead of string comparisons per node. */
export type Categories = Uint8Array;

export function compileRules(language: TsLanguage, rules: LanguageRules): Categories {
  const categories = new Uint8Array(language.nodeTypeCount + 1);
  for (let id = 0; id <= language.nodeTypeCount; id += 1) {
    const type = language.nodeTypeForId(id);
    if (type === null) continue;
    const named = language.nodeTypeIsNamed(id);
    let flags = 0;
    if (named && rules.functions.includes(type)) flags |= FUNCTION;
    if (named && rules.classes.includes(type)) flags |= CLASS;
    if ((!named && rules.decisionTokens.includes(type)) || (named && rules.decisionNodes.includes(type))) flags |= DECISION;
    if (named && rules.comments.includes(type)) flags |= COMMENT;
    if (named && rules.structTypes?.node === type) flags |= STRUCT;
    if (named && rules.structTypes?.parent === type) flags |= STRUCT_PARENT;
    categories[id] = flags;
  }
  return categories;
}

export interface FunctionMetrics {
  name: string;
  /** 1-based line of the definition. */
  line: number;
  complexity: number;
}

export interface FileMetrics {
  lines: number;
  linesOfCode: number;
  commentLines: number;
  blankLines: number;
  classes: number;
  functions: FunctionMetrics[];
  hasSyntaxErrors: boolean;
}

/**
 * Measures one parsed file in a single depth-first walk of its syntax tree:
 * - cyclomatic complexity per function: 1 + the decisions inside it, not counting those of
 *   functions nested in it (they are measured on their own);
 * - lines: blank (whitespace only), comment (only comments on them), code (everything else).
 */
export function measure(tree: Tree, text: string, categories: Categories): FileMetrics {
  const cursor = tree.walk();
  const stack: Array<{ depth: number; name: string; line: number; complexity: number }> = [];
  const functions: FunctionMetrics[] = [];
  const comments: Array<[number, number]> = [];
  const parentTypes: number[] = [];
  let classes = 0;
  let depth = 0;
  const lineStarts = lineStartsOf(text);

  for (;;) {
    const typeId = cursor.nodeTypeId;
    const flags = categories[typeId] ?? 0;
    parentTypes[depth] = typeId;
    if (flags !== 0) {
      if (flags & FUNCTION) {
        const node = cursor.currentNode;
        stack.push({ depth, name: node.childForFieldName('name')?.text ?? '<anonymous>', line: node.startPosition.row + 1, complexity: 1 });
      }
      if (flags & CLASS) classes += 1;
      if (flags & STRUCT && depth > 0 && (categories[parentTypes[depth - 1]] ?? 0) & STRUCT_PARENT) classes += 1;
      if (flags & DECISION && stack.length > 0) stack[stack.length - 1].complexity += 1;
      if (flags & COMMENT) comments.push([cursor.startIndex, cursor.endIndex]);
    }
    if (cursor.gotoFirstChild()) {
      depth += 1;
      continue;
    }
    let done = false;
    for (;;) {
      if (stack.length > 0 && stack[stack.length - 1].depth === depth) {
        const finished = stack.pop()!;
        functions.push({ name: finished.name, line: finished.line, complexity: finished.complexity });
      }
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
      depth -= 1;
    }
    if (done) break;
  }
  cursor.delete();
  return { ...countLines(text, lineStarts, comments), classes, functions, hasSyntaxErrors: tree.rootNode.hasError };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(lineStarts: number[], index: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}

function countLines(text: string, lineStarts: number[], comments: Array<[number, number]>) {
  // A trailing newline does not open another line.
  const lines = text.length === 0 ? 0 : text.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;
  const lineEnd = (line: number) => (line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length);
  const isBlank = (from: number, to: number) => /^\s*$/.test(text.slice(from, to));
  let blankLines = 0;
  for (let line = 0; line < lines; line += 1) if (isBlank(lineStarts[line], lineEnd(line))) blankLines += 1;

  // Lines touched by comments: comment-only when what is left outside the comments is blank.
  const touched = new Map<number, Array<[number, number]>>();
  for (const [start, end] of comments) {
    if (end <= start) continue;
    const first = lineOf(lineStarts, start);
    const last = lineOf(lineStarts, end - 1);
    for (let line = first; line <= last; line += 1) {
      const spans = touched.get(line) ?? [];
      spans.push([Math.max(start, lineStarts[line]), Math.min(end, lineEnd(line))]);
      touched.set(line, spans);
    }
  }
  let commentLines = 0;
  for (const [line, spans] of touched) {
    const from = lineStarts[line];
    const to = lineEnd(line);
    if (isBlank(from, to)) continue;
    spans.sort((a, b) => a[0] - b[0]);
    let position = from;
    let onlyComments = true;
    for (const [start, end] of spans) {
      if (!isBlank(position, start)) {
        onlyComments = false;
        break;
      }
      position = Math.max(position, end);
    }
    if (onlyComments && isBlank(position, to)) commentLines += 1;
  }
  return { lines, blankLines, commentLines, linesOfCode: lines - blankLines - commentLines };
}
