import { Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'typeorm';

/**
 * TypeORM's messages through the service's logger (structured JSON with the request id) instead
 * of console.log. Query parameters are never logged: they carry password and token hashes,
 * sealed secrets and customer data. A failed query is usually a client's mistake (a duplicate,
 * a dangling reference) that the problem filter answers with a 4xx, hence debug; the filter
 * logs the ones that become a 500.
 */
export class TypeOrmLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Every query at debug level would drown the logs; use PostgreSQL's own logging for that.
  }

  logQueryError(error: string | Error, query: string): void {
    const driver = typeof error === 'object' ? (error as { code?: string; constraint?: string }) : {};
    this.logger.debug(
      { query, sqlState: driver.code, constraint: driver.constraint, error: typeof error === 'string' ? error : error.message },
      'Query failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ query, durationMs: time }, 'Slow query');
  }

  logSchemaBuild(): void {
    // Schema building is off (no synchronize); the migration runner reports what it applied.
  }

  logMigration(): void {
    // Same: the migration runner reports what it applied.
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else this.logger.log(message);
  }
}
