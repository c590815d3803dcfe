import { HttpException } from '@nestjs/common';
import { COMMON, DomainError, DomainErrorKind, ErrorCode, FieldError } from '@switchyard/core';
import { QueryFailedError } from 'typeorm';

/** An RFC 9457 problem document, with Switchyard's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE_URI = 'https://switchyard.dev/problems/';

const statusOfKind: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  payment_required: 402,
  rate_limited: 429,
  unavailable: 503,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  internal: 500,
};

/** The HTTP status a catalogued code answers with. */
export function statusOf(error: Pick<ErrorCode, 'kind'>): number {
  return statusOfKind[error.kind];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Extension members come first so an error's details can never overwrite the standard ones. */
function problem(error: Pick<ErrorCode, 'code' | 'kind'>, detail: string, extra: Record<string, unknown> = {}, status = statusOf(error)): Problem {
  const code = error.code;
  return {
    ...extra,
    type: PROBLEM_BASE_URI + code.toLowerCase().replace(/[._]/g, '-'),
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

/** Maps anything thrown while serving a request to a problem document. One place, every error. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return problem(error, error.message, {
      ...error.details,
      ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
    });
  }
  if (error instanceof HttpException) return fromHttpException(error);
  if (error instanceof QueryFailedError) return fromDatabaseError(error as QueryFailedError & PgErrorFields);
  if (isConnectionLoss(error)) return databaseUnavailable();
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return fromFrameworkError(fastify.statusCode, fastify.code, fastify.message ?? 'Bad request');
  }
  return problem(COMMON.INTERNAL, 'An unexpected error occurred; it has been logged with the request id');
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const body = error.getResponse();
  const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
  const detail = Array.isArray(message) ? message.join('; ') : String(message);
  const codes: Record<number, ErrorCode> = {
    400: COMMON.BAD_REQUEST,
    404: COMMON.ROUTE_NOT_FOUND,
    405: COMMON.METHOD_NOT_ALLOWED,
    413: COMMON.PAYLOAD_TOO_LARGE,
    415: COMMON.UNSUPPORTED_MEDIA_TYPE,
    503: COMMON.UNAVAILABLE,
  };
  // Nest turns Fastify's body-parser errors into plain HttpExceptions (their code is lost): read the message.
  if (status === 400 && /body cannot be empty/i.test(detail)) return problem(COMMON.EMPTY_BODY, 'The JSON body is empty');
  if (status === 400 && /JSON/.test(detail)) return problem(COMMON.MALFORMED_JSON, detail);
  const extra = status === 503 && typeof body === 'object' ? { checks: body } : {};
  return problem(codes[status] ?? COMMON.HTTP_ERROR, detail, extra, status);
}

interface PgErrorFields {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
}

/**
 * Constraint violations are client mistakes (duplicates, dangling references), not server
 * faults. The constraint name is the stable thing to report; PostgreSQL's detail text could
 * echo another tenant's values, so it is not passed on.
 */
function fromDatabaseError(error: QueryFailedError & PgErrorFields): Problem {
  const driver = (error.driverError ?? {}) as PgErrorFields;
  const code = driver.code ?? error.code;
  const constraint = driver.constraint ?? error.constraint;
  switch (code) {
    case '23505':
      return problem(COMMON.ALREADY_EXISTS, `A record with the same ${describeConstraint(constraint)} already exists`, { constraint });
    case '23503':
      return problem(COMMON.REFERENCE_NOT_FOUND, `A referenced record does not exist (${constraint ?? 'foreign key'})`, { constraint });
    case '23514':
    case '23502':
      return problem(COMMON.CONSTRAINT_VIOLATED, `The values break the rule ${constraint ?? driver.column ?? 'of the table'}`, { constraint });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return problem(COMMON.INVALID_VALUE, 'A value has the wrong format or is out of range');
    case '40001':
    case '40P01':
      return problem(COMMON.CONCURRENT_UPDATE, 'A concurrent change conflicted with this one; nothing was committed, retry the request', RETRY_SOON);
    case '55P03':
      return problem(COMMON.LOCK_TIMEOUT, 'A lock could not be taken in time; nothing was committed, retry the request', RETRY_SOON);
    case '57014':
      return problem(COMMON.QUERY_TIMEOUT, 'The query took too long and was cancelled');
    case '42501':
      return problem(COMMON.NOT_FOUND, 'The record was not found');
    default:
      if (isUnavailableState(code) || isConnectionLoss(error.driverError)) return databaseUnavailable();
      return problem(COMMON.INTERNAL, 'An unexpected error occurred; it has been logged with the request id');
  }
}

/** Retryable answers carry `Retry-After` (seconds) and say so in `retryable`. */
const RETRY_SOON = { retryAfterSeconds: 1, retryable: true };

function databaseUnavailable(): Problem {
  return problem(COMMON.DATABASE_UNAVAILABLE, 'The database connection was lost or refused; nothing was committed, retry the request', {
    retryAfterSeconds: 2,
    retryable: true,
  });
}

/**
 * SQLSTATEs after which the same request can succeed on another connection: connection
 * exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03
 * cannot connect now; 57014, a cancelled statement, is answered as QUERY_TIMEOUT above), and
 * too many connections (53300).
 */
function isUnavailableState(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300');
}

const CONNECTION_LOSS =
  /^Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/;

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The driver's own errors when the connection goes away mid-request (they carry no SQLSTATE):
 * node-postgres' "Connection terminated (unexpectedly)", "Client has encountered a connection
 * error and is not queryable", the pool's connect timeout, a new connection refused by the server
 * (its FATAL arrives before any query, so outside a QueryFailedError), and socket errnos.
 */
function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERRNOS.has(code) || isUnavailableState(code))) return true;
  return CONNECTION_LOSS.test(error.message);
}

function describeConstraint(constraint: string | undefined): string {
  if (!constraint) return 'unique key';
  const fields = constraint
    .replace(/_(key|idx|unique)$/, '')
    .split('_')
    .slice(1)
    .join(' ');
  return fields || constraint;
}

const frameworkCodes: Record<number, ErrorCode> = { 404: COMMON.ROUTE_NOT_FOUND, 405: COMMON.METHOD_NOT_ALLOWED };

function fromFrameworkError(status: number, code: string | undefined, message: string): Problem {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(COMMON.PAYLOAD_TOO_LARGE, 'The request body is larger than the limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(COMMON.UNSUPPORTED_MEDIA_TYPE, 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(COMMON.EMPTY_BODY, 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(COMMON.BAD_REQUEST, 'Content-Length does not match the body');
    default:
      if (status === 400 && /JSON/i.test(message)) return problem(COMMON.MALFORMED_JSON, `The body is not valid JSON: ${message}`);
      return problem(frameworkCodes[status] ?? COMMON.HTTP_ERROR, message, {}, status);
  }
}
