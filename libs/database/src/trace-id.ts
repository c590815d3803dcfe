import { CLS_ID, ClsServiceManager } from 'nestjs-cls';
import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The request context (nestjs-cls) key of the W3C trace id of what is being done: taken from an
 * incoming `traceparent` (libs/events trace-context.ts, set on the raw request by the HTTP layer)
 * or new, and carried into what the request causes: jobs (JobQueue), outbound calls
 * (OutboundHttp) and log lines (libs/observability).
 */
export const TRACE_ID_KEY = 'traceId';

/** The request context's key of the HTTP request id (a job's context has none; its CLS_ID is the job's). */
export const REQUEST_ID_KEY = 'requestId';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
// version 00: 00-<trace id>-<parent id>-<flags>; other versions may append fields (W3C Trace Context §3.2.4).
const INCOMING = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The trace id of a `traceparent` header, or undefined when the header is absent or invalid
 * (version ff, all-zero ids, wrong shape): the caller then starts a new trace.
 */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 512) return undefined;
  const match = INCOMING.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return traceId;
}

/**
 * 32 random hex digits. Taken from randomUUID, which draws on a cached entropy pool (one native
 * call per 128 ids): `randomBytes(16)` made a native job on every request, ~5 % of a cheap read's
 * CPU (docs/benchmarks.md). A version-4 UUID carries 122 random bits, never all zeros.
 */
export function newTraceId(): string {
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18) + uuid.slice(19, 23) + uuid.slice(24);
}

/**
 * The trace of an incoming request, decided once per raw request: its `traceparent`'s, else a new
 * one. Both the request-id hook and the request context's setup ask; whichever runs first decides
 * (Nest's middleware, where the context starts, may run before the app's onRequest hooks).
 */
export function traceIdOfRequest(raw: { traceId?: string; headers?: Record<string, string | string[] | undefined> }): string {
  raw.traceId ??= traceIdFromTraceparent(raw.headers?.traceparent) ?? newTraceId();
  return raw.traceId;
}

/**
 * Starts a request's context (nestjs-cls) and runs the rest of the request in it: Fastify's
 * request id as the context's id (audit entries, events and task history carry it) and the
 * request's trace. Called from the app's first onRequest hook (src/app.factory.ts): synchronous,
 * where nestjs-cls's Nest middleware went through @fastify/middie and three awaits per request.
 */
export function startRequestContext(
  request: { id: string; raw: { traceId?: string; headers?: Record<string, string | string[] | undefined> } },
  next: () => void,
): void {
  const cls = ClsServiceManager.getClsService();
  cls.run({ ifNested: 'override' }, () => {
    cls.set(CLS_ID, request.id);
    cls.set(REQUEST_ID_KEY, request.id);
    cls.set(TRACE_ID_KEY, traceIdOfRequest(request.raw));
    next();
  });
}

/** The current trace id (a request's or a job's), undefined outside any context. */
export function currentTraceId(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<string | undefined>(TRACE_ID_KEY) : undefined;
}

/** A W3C `traceparent` continuing the current trace with a new span id; undefined outside a trace. */
export function currentTraceparent(): string | undefined {
  const traceId = currentTraceId();
  return traceId ? `00-${traceId}-${randomBytes(8).toString('hex')}-01` : undefined;
}

/** The trace id of a traceparent this process wrote (version 00), else undefined. */
export function traceIdOf(traceparent: unknown): string | undefined {
  return typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}

/**
 * Runs `fn` in a context of its own (background work: a job, a scheduled run) whose correlation
 * id is `correlationId` and whose trace is `traceId` (a new one when absent), so what it publishes,
 * logs and calls carries them.
 */
export function inTraceContext<T>(correlationId: string, traceId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const cls = ClsServiceManager.getClsService();
  return cls.run({ ifNested: 'override' }, () => {
    cls.set(CLS_ID, correlationId);
    cls.set(TRACE_ID_KEY, traceId ?? newTraceId());
    return fn();
  });
}
