// The W3C trace context helpers live beside TRACE_ID_KEY in libs/database (the request context
// that decides a request's trace is set up there); re-exported here, where the event log uses them.
export { newTraceId, traceIdFromTraceparent, traceIdOfRequest } from '@switchyard/database';
