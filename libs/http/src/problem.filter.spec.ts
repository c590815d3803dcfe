import { Logger } from '@nestjs/common';
import { AUTH, DomainError } from '@switchyard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { sendProblem } from './problem.filter';

describe('sendProblem', () => {
  const reply = () => {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const r = {
      status: (code: number) => ((sent.status = code), r),
      header: (name: string, value: string) => ((sent.headers[name] = value), r),
      send: (body: unknown) => ((sent.body = body), r),
    };
    return { r: r as unknown as FastifyReply, sent };
  };
  const request = { id: 'req-1', url: '/v1/x', method: 'POST' } as FastifyRequest;

  it('answers a problem document with the request id and Retry-After when there is one', () => {
    const { r, sent } = reply();
    sendProblem(new DomainError(AUTH.RATE_LIMITED, 'slow down', { retryAfterSeconds: 7 }), request, r, new Logger('t'));
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('7');
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sent.body).toMatchObject({ status: 429, instance: '/v1/x', requestId: 'req-1' });
  });

  it('logs a 500 from a failed query without the query parameters', () => {
    const logger = new Logger('t');
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const failure = new QueryFailedError('update t set secret = $1', ['sealed-secret-value'], Object.assign(new Error('boom'), { code: 'XX000' }));
    const { r, sent } = reply();
    sendProblem(failure, request, r, logger);
    expect(sent.status).toBe(500);
    const logged = error.mock.calls[0][0] as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ query: 'update t set secret = $1', sqlState: 'XX000' });
    expect(JSON.stringify(logged.err)).not.toContain('sealed-secret-value');
    expect(logged.err).not.toHaveProperty('parameters');
  });
});
