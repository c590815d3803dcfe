import { COMMON, DomainError, FieldError, ValidationFailedError } from '@switchyard/core';
import type { FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';

/**
 * The deepest nesting a JSON body may have (the top-level object is depth 1). No route needs more
 * than a handful of levels; class-transformer and class-validator recurse, so a body nested a few
 * thousand levels deep would otherwise overflow the stack while being turned into a DTO.
 */
export const JSON_MAX_DEPTH = 64;

/** At most this many fields are named in one answer: a body could hold thousands of bad strings. */
const MAX_REPORTED_FIELDS = 20;

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
export const SURROGATE_MESSAGE = 'must be well-formed Unicode (an unpaired surrogate such as \\ud800 is not)';
const LONE_SURROGATE = /\p{Cs}/u;
// Only JSON escapes can put U+0000 or a lone surrogate in a parsed string: the raw bytes are strict UTF-8.
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body under the API's input rules, before anything else reads it:
 * UTF-8 only (415 otherwise), valid JSON without `__proto__`/`constructor.prototype` keys, nested
 * no deeper than JSON_MAX_DEPTH, a JSON object at the top (every request body in this API is one),
 * and no U+0000 or unpaired surrogate in any string or key (PostgreSQL cannot store either in text
 * or jsonb; the driver would fail, or silently replace the surrogate).
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
  if (SUSPECT_ESCAPE.test(text)) refuseBadText(badTextFields(value));
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

/** Why a string cannot be stored, if it cannot. */
function textProblem(text: string): string | undefined {
  if (text.includes('\0')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * The strings and keys of a parsed value that cannot be stored, by path (`metadata.tags.2`), in
 * document order, walked with an explicit stack (no recursion). In a path, a NUL inside a key is
 * written as the text `\u0000` and an unpaired surrogate as U+FFFD.
 */
export function badTextFields(value: unknown, root = ''): FieldError[] {
  const found: FieldError[] = [];
  // Children are pushed last-first; a bad key is pushed as a BadKey, reported without its value.
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && found.length < MAX_REPORTED_FIELDS) {
    const [current, field] = stack.pop()!;
    if (current instanceof BadKey) {
      found.push({ field, message: current.message });
    } else if (typeof current === 'string') {
      const message = textProblem(current);
      if (message) found.push({ field, message });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], join(field, String(i))]);
    } else if (typeof current === 'object' && current !== null) {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const message = textProblem(key);
        if (message) stack.push([new BadKey(message), join(field, key.replaceAll('\0', '\\u0000').replace(/\p{Cs}/gu, '\uFFFD'))]);
        else stack.push([(current as Record<string, unknown>)[key], join(field, key)]);
      }
    }
  }
  return found;
}

class BadKey {
  constructor(readonly message: string) {}
}

/** 400 COMMON.VALIDATION_FAILED naming each field, when there is any. */
export function refuseBadText(errors: FieldError[]): void {
  if (errors.length === 0) return;
  throw new ValidationFailedError(errors, 'The request contains text that cannot be stored: the NUL character (U+0000) or an unpaired surrogate');
}

/** Query string and path parameters, as Fastify decoded them, before routing hands them on. */
export function refuseBadTextInUrl(request: FastifyRequest): void {
  refuseBadText([...badTextFields(request.params), ...badTextFields(request.query)]);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
