import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError, DomainErrorKind, errorCatalogue, NotFoundError, StaleVersionError, ValidationFailedError } from '@switchyard/core';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem';

const SPEC = errorCatalogue('SPEC', {
  INVALID: { kind: 'invalid', title: 't' },
  UNAUTHENTICATED: { kind: 'unauthenticated', title: 't' },
  FORBIDDEN: { kind: 'forbidden', title: 't' },
  NOT_FOUND: { kind: 'not_found', title: 't' },
  CONFLICT: { kind: 'conflict', title: 't' },
  TOO_LARGE: { kind: 'too_large', title: 't' },
  UNPROCESSABLE: { kind: 'unprocessable', title: 't' },
  RATE_LIMITED: { kind: 'rate_limited', title: 't' },
  UNAVAILABLE: { kind: 'unavailable', title: 't' },
});

const pgError = (fields: Record<string, string>) =>
  new QueryFailedError('insert ...', [], Object.assign(new Error('duplicate key value violates unique constraint'), fields));

describe('toProblem', () => {
  it.each<[DomainErrorKind, number]>([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['unprocessable', 422],
    ['rate_limited', 429],
    ['unavailable', 503],
  ])('maps a DomainError of kind %s to %d', (kind, status) => {
    const problem = toProblem(new DomainError(SPEC[kind.toUpperCase() as keyof typeof SPEC], 'Something happened', { taskId: 't1' }));
    expect(problem).toEqual({
      type: `https://switchyard.dev/problems/spec-${kind.replace(/_/g, '-')}`,
      title: expect.any(String),
      status,
      detail: 'Something happened',
      code: `SPEC.${kind.toUpperCase()}`,
      taskId: 't1',
    });
  });

  it('carries field errors and the details of the common errors', () => {
    expect(toProblem(new ValidationFailedError([{ field: 'email', message: 'must be an email' }]))).toMatchObject({
      status: 400,
      code: 'COMMON.VALIDATION_FAILED',
      errors: [{ field: 'email', message: 'must be an email' }],
    });
    expect(toProblem(new NotFoundError(SPEC.NOT_FOUND, 'Task', 'x'))).toMatchObject({ status: 404, code: 'SPEC.NOT_FOUND', entity: 'Task', id: 'x' });
    expect(toProblem(new StaleVersionError('Organization', 'o', 1, 2))).toMatchObject({
      status: 409,
      code: 'COMMON.STALE_VERSION',
      expectedVersion: 1,
      currentVersion: 2,
    });
  });

  it('never lets details overwrite the standard members', () => {
    const problem = toProblem(new DomainError(SPEC.CONFLICT, 'Real detail', { status: 200, code: 'OTHER', detail: 'fake', hint: 'kept' }));
    expect(problem).toMatchObject({ status: 409, code: 'SPEC.CONFLICT', detail: 'Real detail', hint: 'kept' });
  });

  it('maps a unique violation to 409 naming the constraint, never echoing the row', () => {
    const problem = toProblem(pgError({ code: '23505', constraint: 'organizations_slug_key', detail: 'Key (slug)=(secret-co) already exists.' }));
    expect(problem).toMatchObject({ status: 409, code: 'COMMON.ALREADY_EXISTS', constraint: 'organizations_slug_key' });
    expect(problem.detail).toContain('slug');
    expect(JSON.stringify(problem)).not.toContain('secret-co');
  });

  it('maps a foreign-key violation to 404 and a malformed value to 400', () => {
    expect(toProblem(pgError({ code: '23503', constraint: 'tasks_project_id_fkey' }))).toMatchObject({
      status: 404,
      code: 'COMMON.REFERENCE_NOT_FOUND',
      constraint: 'tasks_project_id_fkey',
    });
    expect(toProblem(pgError({ code: '22P02' }))).toMatchObject({ status: 400, code: 'COMMON.INVALID_VALUE' });
    expect(toProblem(pgError({ code: '23514', constraint: 'organizations_name_check' }))).toMatchObject({ status: 422, code: 'COMMON.CONSTRAINT_VIOLATED' });
    expect(toProblem(pgError({ code: '40P01' }))).toMatchObject({ status: 409, code: 'COMMON.CONCURRENT_UPDATE' });
    expect(toProblem(pgError({ code: '42501' }))).toMatchObject({ status: 404 });
    expect(toProblem(pgError({ code: '42P01' }))).toMatchObject({ status: 500, code: 'COMMON.INTERNAL' });
  });

  it.each([
    ['admin shutdown (pg_terminate_backend)', pgError({ code: '57P01' })],
    ['a connection exception', pgError({ code: '08006' })],
    ['too many connections', pgError({ code: '53300' })],
    ['a query on a connection that died', new QueryFailedError('select 1', [], new Error('Connection terminated unexpectedly'))],
    ['the driver losing its socket', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a database refusing new connections', Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' })],
  ])('answers %s with a retryable 503 and Retry-After', (_, error) => {
    expect(toProblem(error)).toMatchObject({ status: 503, code: 'COMMON.DATABASE_UNAVAILABLE', retryable: true, retryAfterSeconds: 2 });
  });

  it('answers serialization failures and deadlocks with a retryable 409, lock timeouts with a retryable 503', () => {
    for (const code of ['40001', '40P01'])
      expect(toProblem(pgError({ code }))).toMatchObject({ status: 409, code: 'COMMON.CONCURRENT_UPDATE', retryable: true, retryAfterSeconds: 1 });
    expect(toProblem(pgError({ code: '55P03' }))).toMatchObject({ status: 503, code: 'COMMON.LOCK_TIMEOUT', retryable: true, retryAfterSeconds: 1 });
    // Other errors without a SQLSTATE stay what they are: an unexpected 500.
    expect(toProblem(new Error('Cannot read properties of undefined'))).toMatchObject({ status: 500, code: 'COMMON.INTERNAL' });
  });

  it.each([
    [{ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' }, 413, 'COMMON.PAYLOAD_TOO_LARGE'],
    [{ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'Unsupported Media Type' }, 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE'],
    [{ statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY', message: 'empty' }, 400, 'COMMON.EMPTY_BODY'],
    [
      { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: "Body is not valid JSON but content-type is set to 'application/json'" },
      400,
      'COMMON.MALFORMED_JSON',
    ],
    [{ statusCode: 400, code: undefined, message: 'Unexpected token } in JSON at position 1' }, 400, 'COMMON.MALFORMED_JSON'],
  ])('maps the Fastify error %o', (error, status, code) => {
    expect(toProblem(Object.assign(new Error(error.message), error))).toMatchObject({ status, code });
  });

  it('maps Nest HTTP exceptions', () => {
    expect(toProblem(new NotFoundException('Cannot GET /v1/nope'))).toMatchObject({
      status: 404,
      code: 'COMMON.ROUTE_NOT_FOUND',
      detail: 'Cannot GET /v1/nope',
    });
    expect(toProblem(new PayloadTooLargeException())).toMatchObject({ status: 413, code: 'COMMON.PAYLOAD_TOO_LARGE' });
    expect(toProblem(new BadRequestException('Unexpected end of JSON input'))).toMatchObject({ status: 400, code: 'COMMON.MALFORMED_JSON' });
    // What Nest makes of Fastify's FST_ERR_CTP_EMPTY_JSON_BODY.
    expect(toProblem(new HttpException("Body cannot be empty when content-type is set to 'application/json'", 400))).toMatchObject({
      status: 400,
      code: 'COMMON.EMPTY_BODY',
    });
    expect(toProblem(new ServiceUnavailableException({ status: 'error', error: { database: { status: 'down' } } }))).toMatchObject({
      status: 503,
      code: 'COMMON.UNAVAILABLE',
      checks: { status: 'error' },
    });
  });

  it('hides anything else behind a 500', () => {
    const problem = toProblem(new Error('connection string postgres://user:pw@db'));
    expect(problem).toMatchObject({ status: 500, code: 'COMMON.INTERNAL' });
    expect(JSON.stringify(problem)).not.toContain('pw@db');
    expect(toProblem(Object.assign(new Error('boom'), { statusCode: 502 }))).toMatchObject({ status: 500 });
  });
});
