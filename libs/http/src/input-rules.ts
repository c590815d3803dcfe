import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { COMMON, DomainError } from '@switchyard/core';
import type { FastifyRequest } from 'fastify';
import { parseJsonBody, refuseBadTextInUrl } from './json-body';

/**
 * Route config (`@RouteConfig(RAW_BODY_ROUTE)` from @nestjs/platform-fastify) of the routes that
 * read their body as the raw bytes the sender signed (webhooks): JSON is handed over unparsed,
 * and `application/x-www-form-urlencoded` is accepted, as raw bytes too, on these routes only.
 */
export const RAW_BODY_ROUTE = { rawBody: true } as const;

function wantsRawBody(request: Pick<FastifyRequest, 'routeOptions'>): boolean {
  return (request.routeOptions?.config as { rawBody?: boolean } | undefined)?.rawBody === true;
}

/**
 * The input rules every route gets before validation, transformation or the database see a value
 * (docs/api-conventions.md, "Input rules"): JSON bodies are parsed by parseJsonBody (UTF-8, bounded
 * depth, an object, no U+0000 or unpaired surrogate), and query and path parameters holding
 * either are refused.
 * Installing the JSON parser also keeps Nest from adding its own JSON and form parsers at init.
 */
export function installInputRules(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, raw, done) => {
    try {
      done(null, wantsRawBody(request) ? raw : parseJsonBody(request.headers['content-type'], raw));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, raw, done) => {
    if (wantsRawBody(request)) done(null, raw);
    else done(new DomainError(COMMON.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (application/json)'), undefined);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    try {
      refuseBadTextInUrl(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
