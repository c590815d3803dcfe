import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { environment } from '@switchyard/config';
import { startRequestContext } from '@switchyard/database';
import { newTraceId, traceIdFromTraceparent } from '@switchyard/events';
import { createValidationPipe, documentInputRuleProblems, installInputRules, installSecurityHeaders, ProblemFilter } from '@switchyard/http';
import { createRootLogger, Metrics, nestLogger, requestLoggerModule } from '@switchyard/observability';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the fully configured application; main.ts listens on it, tests inject into it. */
export async function createApp(options: { logDestination?: DestinationStream } = {}): Promise<NestFastifyApplication> {
  const env = environment();
  const logger = createRootLogger(env.logLevel, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    disableRequestLogging: env.logLevel !== 'debug' && env.logLevel !== 'trace',
    bodyLimit: env.bodyLimitBytes,
    // A caller's X-Request-Id is kept when it is sane; otherwise we make one.
    genReqId: (request: IncomingMessage & { traceId?: string }) => {
      // W3C Trace Context: a caller's trace goes on, otherwise this request starts one. Set on the
      // raw request here because this runs before every hook, the request context's setup included.
      request.traceId = traceIdFromTraceparent(request.headers.traceparent) ?? newTraceId();
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdLogLabel: 'reqId',
    trustProxy: env.trustProxy,
    return503OnClosing: true,
    // No Nest middleware: the request context is a Fastify hook (below) and request logging is Fastify's.
    skipMiddie: true,
  });
  const root = { module: AppModule, imports: [requestLoggerModule(logger)] };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: nestLogger(logger),
    bufferLogs: false,
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // First: every later hook, the guards, the handler and the response run in the request's context.
  fastify.addHook('onRequest', (request, _reply, done) => startRequestContext(request, done));
  // JSON only: other media types answer 415 instead of reaching validation as strings.
  fastify.removeContentTypeParser(['text/plain']);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // After the request id: a refused request still carries it and the security headers.
  installSecurityHeaders(fastify, { hstsMaxAgeSeconds: env.hstsMaxAgeSeconds });
  // UTF-8, depth, object-body and NUL rules for every route; replaces Nest's JSON and form parsers.
  installInputRules(app);
  // Errors Fastify raises before a handler runs (body too large, bad JSON, wrong media type)
  // reach the same ProblemFilter: Nest installs it as Fastify's error handler.
  app.get(Metrics).instrument(fastify);

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  setUpOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Switchyard API')
    .setDescription(
      'System of record and control plane for engineering work by people, CI pipelines and AI coding agents.\n\n' +
        'Errors are RFC 9457 `application/problem+json` documents with a stable `code`. Lists use cursor pagination ' +
        '(`limit`, `cursor` → `nextCursor`). Creating POSTs honour `Idempotency-Key`; mutable records carry a `version` ' +
        'for optimistic concurrency. Every response carries `X-Request-Id`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /v1/auth/login' }, 'jwt')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key (also accepted as `Authorization: Bearer sy_…`)' }, 'api-key')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The platform operator token (PLATFORM_OPERATOR_TOKEN): platform-wide maintenance only' },
      'platform-operator',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A pipeline runner’s token (`syr_…`, from POST /v1/pipeline-runners): the runner API only' },
      'runner-token',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentInputRuleProblems(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
