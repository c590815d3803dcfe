import { ClsServiceManager } from 'nestjs-cls';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger as Pino } from 'pino';

/**
 * The process's one pino instance, JSON lines on stdout (or `destination`, for tests).
 * Fastify logs requests with it (one child per request, bound to its `reqId`); Nest and the
 * code log through nestjs-pino over it.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Pino {
  const root: Pino = pino(
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
      // guard has authenticated the caller. Fastify's per-request child logger carries the
      // request id already; a line the code writes through the root (Nest's Logger, PinoLogger)
      // gets it from the request's context.
      mixin: (_fields, _level, logger) => ofRequest(logger === root),
    },
    destination,
  );
  return root;
}

/**
 * nestjs-pino over the root logger (`useExisting`), with no middleware (`forRoutes: []`): its
 * middleware made Fastify's per-request logger the one `Logger`/`PinoLogger` write to, at the cost
 * of @fastify/middie and an AsyncLocalStorage of its own on every request. Lines written through
 * the root take the request id, organization and trace from the request's context instead (mixin).
 */
export function loggerParams(root: Pino): Params {
  return { pinoHttp: { logger: root }, useExisting: true, forRoutes: [] };
}

/** Imported by the application's root module: nestjs-pino's `Logger`/`PinoLogger` over the root logger. */
export function requestLoggerModule(root: Pino) {
  return LoggerModule.forRoot(loggerParams(root));
}

/** The Nest logger (framework lines, `new Logger(...)` in the code) over the root logger. */
export function nestLogger(root: Pino): Logger {
  const params = loggerParams(root);
  return new Logger(new PinoLogger(params), params);
}

/**
 * The request id (libs/database REQUEST_ID_KEY; when the line's logger does not carry it), the
 * organization of the request and the W3C trace id of the request or job (libs/database TRACE_ID_KEY).
 */
function ofRequest(withRequestId: boolean): { reqId?: string; organizationId?: string; traceId?: string } {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return {};
  const reqId = withRequestId ? cls.get<string | undefined>('requestId') : undefined;
  const organizationId = cls.get<{ organizationId?: string } | undefined>('actor')?.organizationId;
  const traceId = cls.get<string | undefined>('traceId');
  return { ...(reqId ? { reqId } : {}), ...(organizationId ? { organizationId } : {}), ...(traceId ? { traceId } : {}) };
}
