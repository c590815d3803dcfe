import { COMMON, DomainError, FieldError, ValidationFailedError } from '@switchyard/core';
import type { FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * The deepest nesting a JSON body may have (the top-level object is depth 1). No route needs more
 * than a handful of levels; class-transformer and class-validator recurse, so a body nested a few
 * thousand levels deep would otherwise overflow the stack while being turned into a DTO.
 */
export const JSON_MAX_DEPTH = 64;

/** At most this many NUL-carrying fields are named in one answer: a body could hold thousands. */
const MAX_REPORTED_FIELDS = 20;

const NUL_KEY = Symbol('a key holding U+0000');

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body under the API's input rules, before anything else reads it:
 * UTF-8 only (415 otherwise), valid JSON without `__proto__`/`constructor.prototype` keys, nested
 * no deeper than JSON_MAX_DEPTH, a JSON object at the top (every request body in this API is one),
 * and no U+0000 in any string or key (PostgreSQL cannot store it in text or jsonb).
 */
export function parseJsonBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  refuseForeignCharset(contentType);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new DomainError(COMMON.MALFORMED_JSON, 'The body is not valid UTF-8');
  }
  if (text.length === 0) throw new DomainError(COMMON.EMPTY_BODY, 'The JSON body is empty');
  const depth = nestingDepth(text, JSON_MAX_DEPTH);
  if (depth > JSON_MAX_DEPTH) {
    throw new DomainError(COMMON.JSON_TOO_DEEP, `The JSON body is nested more than ${JSON_MAX_DEPTH} levels deep`, { maxDepth: JSON_MAX_DEPTH });
  }
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new DomainError(COMMON.MALFORMED_JSON, `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(COMMON.BODY_NOT_OBJECT, `The body must be a JSON object, not ${describe(value)}`);
  }
  // A NUL can only reach a parsed string through the escape \u0000 (a raw one is invalid JSON).
  if (text.includes('\\u0000')) refuseNul(nulFields(value));
  return value as Record<string, unknown>;
}

/** `charset` absent means UTF-8 (RFC 8259); anything else is refused, never guessed at. */
function refuseForeignCharset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new DomainError(COMMON.UNSUPPORTED_MEDIA_TYPE, `Send JSON in UTF-8 (charset=${charset} is not accepted)`);
  }
}

/**
 * The nesting depth of a JSON text, read with a single loop over its characters (no recursion to
 * overflow) and stopping as soon as it passes `stopAbove`. Brackets inside strings do not count;
 * malformed text is left for the parser to refuse.
 */
export function nestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Paths (`metadata.tags.2`) of the strings and keys holding U+0000 in a parsed value, walked with
 * an explicit stack. A NUL inside a key is shown as the text `\u0000` in the path.
 */
export function nulFields(value: unknown, root = ''): string[] {
  const found: string[] = [];
  // Children are pushed last-first so fields are reported in document order; a key holding NUL
  // is pushed as NUL_KEY, reported without looking at its value.
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && found.length < MAX_REPORTED_FIELDS) {
    const [current, path] = stack.pop()!;
    if (current === NUL_KEY || (typeof current === 'string' && current.includes('\0'))) {
      found.push(path);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], join(path, String(i))]);
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const nul = key.includes('\0');
        stack.push([nul ? NUL_KEY : (current as Record<string, unknown>)[key], join(path, nul ? key.replaceAll('\0', '\\u0000') : key)]);
      }
    }
  }
  return found;
}

/** 400 COMMON.VALIDATION_FAILED naming each field, when there is any. */
export function refuseNul(fields: string[]): void {
  if (fields.length === 0) return;
  const errors: FieldError[] = fields.map((field) => ({ field, message: NUL_MESSAGE }));
  throw new ValidationFailedError(errors, 'The request contains the NUL character (U+0000), which is not accepted');
}

/** Query string and path parameters: decoded by Fastify, checked before routing hands them on. */
export function refuseNulInUrl(request: FastifyRequest): void {
  refuseNul([...nulFields(request.params), ...nulFields(request.query)]);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
