/**
 * The request context (nestjs-cls) key of the W3C trace id of what is being done: taken from an
 * incoming `traceparent` (libs/events trace-context.ts, set on the raw request by the HTTP layer)
 * or new, and carried into what the request causes.
 */
export const TRACE_ID_KEY = 'traceId';
