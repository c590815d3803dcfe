import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseJsonBody, refuseBadTextInUrl } from './json-body';

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
      done(null, parseJsonBody(request.headers['content-type'], raw));
    } catch (error) {
      done(error as Error, undefined);
    }
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
