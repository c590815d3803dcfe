import { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { Logger as Pino } from 'pino';

/** The process's one pino instance: Fastify logs requests with it, Nest logs through it. */
export function createRootLogger(level: string): Pino {
  return pino({
    level,
    base: { service: 'switchyard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password', '*.token', '*.refreshToken', '*.secret'],
      censor: '[redacted]',
    },
  });
}

/**
 * Nest's logger interface over pino. Each line carries the request id and tenant of the request
 * it was written in: the logger reads them from the request context (nestjs-cls), which is the
 * one place that knows them for code that was not handed the request.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context (logger name) last; an Error's stack may come before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = { context, ...requestFields() };
    if (typeof rest[0] === 'string' && level === 'error') fields.stack = rest[0];
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof rest[0] === 'string' && level !== 'error' ? rest[0] : undefined;
      this.pino[level]({ ...fields, ...(message as object) }, text ?? context ?? '');
    } else if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

function requestFields(): Record<string, unknown> {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return {};
  const actor = cls.get<{ organizationId?: string } | undefined>('actor');
  return { reqId: cls.getId(), organizationId: actor?.organizationId };
}
