import { DataSourceOptions } from 'typeorm';
import { LazyBeginClient } from './lazy-begin-client';
import { migrationClasses } from './migration-catalogue';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmLogger } from './typeorm-logger';

export interface PoolOptions {
  poolSize: number;
}

/** One place that says how Switchyard talks to PostgreSQL: the app, the migration CLI and tests use it. */
export function dataSourceOptions(url: string, pool: PoolOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: migrationClasses(),
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['error', 'warn'],
    logger: new TypeOrmLogger(),
    extra: {
      // Sends each transaction's BEGIN with its first statement: one round trip less per transaction.
      Client: LazyBeginClient,
      max: pool.poolSize,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'switchyard',
    },
  };
}
