import { ClsServiceManager } from 'nestjs-cls';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger as Pino } from 'pino';

/**
 * The process's one pino instance, JSON lines on stdout (or `destination`, for tests).
 * Fastify logs requests with it (one child per request, bound to its `reqId`); Nest and the
 * code log through nestjs-pino over it.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Pino {
  return pino(
    {
      level,
      base: { service: 'switchyard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        // A secret's name at the top of a line's fields or one level down.
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          ...['password', 'token', 'refreshToken', 'secret', 'authorization'].flatMap((name) => [name, `*.${name}`]),
        ],
        censor: '[redacted]',
      },
      // Read when a line is written, not per request: the organization is known only once the
      // guard has authenticated the caller.
      mixin: organizationOfRequest,
    },
    destination,
  );
}

/**
 * nestjs-pino over Fastify's own per-request logger (`useExisting`): a second per-request logger
 * from pino-http would cost a child logger and a serialised request on every call, and Fastify
 * already makes one carrying the request id. The middleware only makes that logger the one
 * `Logger`/`PinoLogger` write to while the request is served.
 */
export function loggerParams(root: Pino): Params {
  return { pinoHttp: { logger: root }, useExisting: true };
}

/** Imported by the application's root module: the middleware that binds each request's logger. */
export function requestLoggerModule(root: Pino) {
  return LoggerModule.forRoot(loggerParams(root));
}

/** The Nest logger (framework lines, `new Logger(...)` in the code) over the root logger. */
export function nestLogger(root: Pino): Logger {
  const params = loggerParams(root);
  return new Logger(new PinoLogger(params), params);
}

/** The organization of the request and the W3C trace id of the request or job (libs/database TRACE_ID_KEY). */
function organizationOfRequest(): { organizationId?: string; traceId?: string } {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return {};
  const organizationId = cls.get<{ organizationId?: string } | undefined>('actor')?.organizationId;
  const traceId = cls.get<string | undefined>('traceId');
  return { ...(organizationId ? { organizationId } : {}), ...(traceId ? { traceId } : {}) };
}
