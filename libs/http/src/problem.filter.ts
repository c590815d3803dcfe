import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem';

/** Renders a problem document for any error, from Nest (filter) or from Fastify (error handler). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const problem = toProblem(error);
  problem.instance = request.url;
  problem.requestId = String(request.id);
  if (problem.status >= 500) logger.error({ err: loggable(error), requestId: request.id }, `Unhandled error on ${request.method} ${request.url}`);
  if (typeof problem.retryAfterSeconds === 'number') void reply.header('retry-after', String(problem.retryAfterSeconds));
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

/** A failed query's parameters (hashes, sealed secrets, customer data) never reach the logs. */
function loggable(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const driver = error.driverError as { code?: string; constraint?: string } | undefined;
  return Object.assign(new Error(error.message), { name: 'QueryFailedError', stack: error.stack, query: error.query, sqlState: driver?.code });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
