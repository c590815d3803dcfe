export type Changes = Record<string, { from?: unknown; to?: unknown }>;

/** Fields never written to the audit log, whatever entity they come from. */
const SECRET_FIELDS = new Set(['passwordHash', 'secretHash', 'tokenHash', 'password', 'secret', 'token', 'credentials']);
const NOISE_FIELDS = new Set(['updatedAt', 'createdAt', 'version']);

/**
 * The before/after difference of a record, field by field. A create has only `to`, a delete
 * only `from`; unchanged fields are left out.
 */
export function diffRecords(before: object | undefined | null, after: object | undefined | null): Changes {
  const changes: Changes = {};
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (SECRET_FIELDS.has(field) || NOISE_FIELDS.has(field)) continue;
    const from = normalize(a[field]);
    const to = normalize(b[field]);
    if (canonical(from) === canonical(to)) continue;
    changes[field] = {
      ...(before ? { from } : {}),
      ...(after ? { to } : {}),
    };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  return value === undefined ? null : value;
}

/** JSON with object keys sorted, so equal content in another key order compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
