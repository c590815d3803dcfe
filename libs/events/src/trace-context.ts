import { randomBytes } from 'node:crypto';

// version 00: 00-<trace id>-<parent id>-<flags>; other versions may append fields (W3C Trace Context §3.2.4).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace id of a `traceparent` header, or undefined when the header is absent or invalid
 * (version ff, all-zero ids, wrong shape): the caller then starts a new trace.
 */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return traceId;
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}
