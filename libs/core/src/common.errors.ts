import { errorCatalogue } from './error-catalogue';

/** Errors every module can answer: request shape, concurrency, the database, the HTTP edge. */
export const COMMON = errorCatalogue('COMMON', {
  VALIDATION_FAILED: { kind: 'invalid', title: 'The request is not valid; `errors` lists the fields' },
  BAD_REQUEST: { kind: 'invalid', title: 'The request is malformed' },
  MALFORMED_JSON: { kind: 'invalid', title: 'The body is not valid JSON' },
  EMPTY_BODY: { kind: 'invalid', title: 'The JSON body is empty' },
  INVALID_VALUE: { kind: 'invalid', title: 'A value has the wrong format or is out of range' },
  ROUTE_NOT_FOUND: { kind: 'not_found', title: 'No such route' },
  NOT_FOUND: { kind: 'not_found', title: 'The record was not found' },
  REFERENCE_NOT_FOUND: { kind: 'not_found', title: 'A referenced record does not exist' },
  METHOD_NOT_ALLOWED: { kind: 'method_not_allowed', title: 'The route does not accept this method' },
  PAYLOAD_TOO_LARGE: { kind: 'too_large', title: 'The request body is larger than the limit' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'unsupported_media_type', title: 'The body is not JSON in UTF-8' },
  STALE_VERSION: { kind: 'conflict', title: 'The record was changed by someone else; reload and retry' },
  ALREADY_EXISTS: { kind: 'conflict', title: 'A record with the same unique values already exists' },
  CONCURRENT_UPDATE: { kind: 'conflict', title: 'A concurrent change conflicted with this one; retry' },
  CONSTRAINT_VIOLATED: { kind: 'unprocessable', title: 'The values break a rule of the data' },
  IDEMPOTENCY_IN_PROGRESS: { kind: 'conflict', title: 'A request with this Idempotency-Key is still running' },
  IDEMPOTENCY_KEY_REUSED: { kind: 'unprocessable', title: 'The Idempotency-Key was used with a different request' },
  QUERY_TIMEOUT: { kind: 'unavailable', title: 'The query took too long and was cancelled' },
  UNAVAILABLE: { kind: 'unavailable', title: 'A dependency is unavailable; retry later' },
  SECRET_UNREADABLE: { kind: 'unavailable', title: 'A stored secret cannot be decrypted with the configured keys' },
  JOB_NOT_FOUND: { kind: 'not_found', title: 'No scheduled job has this name' },
  HTTP_ERROR: { kind: 'invalid', title: 'The HTTP request was refused' },
  INTERNAL: { kind: 'internal', title: 'An unexpected error; it was logged with the request id' },
});
