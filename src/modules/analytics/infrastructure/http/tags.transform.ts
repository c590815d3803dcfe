import { TransformFnParams } from 'class-transformer';

/**
 * `?tags=host:web-1,region:eu` → `{ host: 'web-1', region: 'eu' }`. Anything malformed is kept as
 * the raw string so the validator (IsRecordOf) refuses it with a 400.
 */
export function tagsFromQuery({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') return value;
  if (value === '') return {};
  const entries = value.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return at > 0 ? [pair.slice(0, at).trim(), pair.slice(at + 1).trim()] : undefined;
  });
  if (entries.some((entry) => !entry || !entry[0])) return value;
  return Object.fromEntries(entries as Array<[string, string]>);
}

export function trim({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** `?ids=a,b` or repeated `?ids=a&ids=b` → string[]. */
export function listFromQuery({ value }: TransformFnParams): unknown {
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? value.split(',').filter(Boolean) : value;
}
