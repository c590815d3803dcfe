import { Grammar } from './file-selection';

/**
 * What counts, per grammar, in tree-sitter's node vocabulary.
 * - functions: every function-like unit with a body, named or anonymous (methods, arrow
 *   functions, lambdas, Go function literals), each with its own cyclomatic complexity;
 * - classes: class-like types with behaviour (classes, enums, records; Go struct types);
 * - decision tokens and nodes: each adds one path through the enclosing function
 *   (McCabe: branches, loops, cases, catches, short-circuit operators, conditional expressions).
 */
export interface LanguageRules {
  functions: readonly string[];
  classes: readonly string[];
  /** Anonymous (keyword / operator) leaves that open a decision. */
  decisionTokens: readonly string[];
  /** Named nodes that are a decision on their own. */
  decisionNodes: readonly string[];
  comments: readonly string[];
  /** Go: a struct_type directly under a type_spec is a class-like type. */
  structTypes?: { node: string; parent: string };
}

const C_LIKE_DECISIONS = ['if', 'for', 'while', 'case', 'catch', '&&', '||'];

const ECMASCRIPT: LanguageRules = {
  functions: [
    'function_declaration',
    'function_expression',
    'function',
    'arrow_function',
    'method_definition',
    'generator_function_declaration',
    'generator_function',
  ],
  classes: ['class_declaration', 'abstract_class_declaration', 'class'],
  decisionTokens: [...C_LIKE_DECISIONS, '??', '&&=', '||=', '??='],
  decisionNodes: ['ternary_expression'],
  comments: ['comment', 'html_comment'],
};

export const LANGUAGE_RULES: Record<Grammar, LanguageRules> = {
  javascript: ECMASCRIPT,
  typescript: ECMASCRIPT,
  tsx: ECMASCRIPT,
  python: {
    functions: ['function_definition', 'lambda'],
    classes: ['class_definition'],
    // `if` also covers elif-less conditional expressions and comprehension filters; `for` comprehension loops.
    decisionTokens: ['if', 'elif', 'for', 'while', 'except', 'and', 'or', 'case'],
    decisionNodes: [],
    comments: ['comment'],
  },
  go: {
    functions: ['function_declaration', 'method_declaration', 'func_literal'],
    classes: [],
    decisionTokens: ['if', 'for', 'case', '&&', '||'],
    decisionNodes: [],
    comments: ['comment'],
    structTypes: { node: 'struct_type', parent: 'type_spec' },
  },
  java: {
    functions: ['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression'],
    classes: ['class_declaration', 'enum_declaration', 'record_declaration'],
    decisionTokens: C_LIKE_DECISIONS,
    decisionNodes: ['ternary_expression'],
    comments: ['line_comment', 'block_comment'],
  },
};
