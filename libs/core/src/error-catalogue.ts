/**
 * What kind of failure a domain error is. The HTTP layer maps each kind to a status once
 * (libs/http problem filter); domain code never speaks HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is malformed → 400
  | 'unauthenticated' // no or bad credentials → 401
  | 'forbidden' // authenticated but not allowed → 403
  | 'not_found' // absent, or another tenant's → 404
  | 'conflict' // state conflict: duplicates, stale versions, illegal moves → 409
  | 'unprocessable' // well-formed but breaks a business rule → 422
  | 'payment_required' // a spending limit (budget) would be exceeded → 402
  | 'too_large' // → 413
  | 'rate_limited' // → 429
  | 'unavailable' // a dependency is down, retry later → 503
  // Kinds only the HTTP edge produces (libs/http), listed so their codes live in a catalogue too:
  | 'method_not_allowed' // → 405
  | 'unsupported_media_type' // → 415
  | 'internal'; // our fault → 500

/** How a catalogue describes one error: its kind (the HTTP layer maps kinds to statuses) and a title. */
export interface ErrorSpec {
  kind: DomainErrorKind;
  /** A short, stable sentence shown as the problem's title and in docs/errors.md. */
  title: string;
}

declare const catalogued: unique symbol;

/**
 * One entry of an error catalogue: its code (prefix, dot, name), its kind and title. Only `errorCatalogue()`
 * makes them (the brand), so every code a DomainError carries is declared in a catalogue.
 */
export interface ErrorCode extends ErrorSpec {
  readonly code: string;
  readonly [catalogued]: true;
}

export interface CatalogueInfo {
  prefix: string;
  codes: ErrorCode[];
}

const catalogues = new Map<string, CatalogueInfo>();

/**
 * Declares a module's (or platform area's) error codes, once, in its `*.errors.ts`:
 *
 *   export const PROJECTS = errorCatalogue('PROJECTS', {
 *     SLUG_TAKEN: { kind: 'conflict', title: 'The project slug is already used' },
 *   });
 *   throw new DomainError(PROJECTS.SLUG_TAKEN, `A project with the slug "${slug}" already exists`);
 *
 * The prefix is the module's name (ORGANIZATIONS, PROJECTS, TASKS, ...) or a platform area
 * (AUTH, COMMON). docs/errors.md is generated from every catalogue (`npm run docs:errors`).
 */
export function errorCatalogue<const T extends Record<string, ErrorSpec>>(prefix: string, specs: T): { readonly [K in keyof T]: ErrorCode } {
  if (!/^[A-Z]+$/.test(prefix)) throw new Error(`Error catalogue prefix "${prefix}" must be upper-case letters`);
  if (catalogues.has(prefix)) throw new Error(`Error catalogue "${prefix}" is declared twice`);
  const entries = {} as Record<string, ErrorCode>;
  for (const [name, spec] of Object.entries(specs)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Error code "${prefix}.${name}" must be UPPER_SNAKE_CASE`);
    entries[name] = Object.freeze({ ...spec, code: `${prefix}.${name}` }) as ErrorCode;
  }
  catalogues.set(prefix, { prefix, codes: Object.values(entries) });
  return Object.freeze(entries) as { readonly [K in keyof T]: ErrorCode };
}

/** Every catalogue loaded so far (the error-catalogue test loads them all first). */
export function errorCatalogues(): CatalogueInfo[] {
  return [...catalogues.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
}
