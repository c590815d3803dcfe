import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ConfigType, databaseConfig } from '@switchyard/config';
import { randomUUID } from 'node:crypto';
import { ClsModule } from 'nestjs-cls';
import { DatabaseConnection } from './database-connection';
import { dataSourceOptions } from './data-source.options';
import { runMigrations } from './migrations-runner';
import { TenantTransaction } from './tenant-transaction';
import { TRACE_ID_KEY, traceIdOfRequest } from './trace-id';

@Global()
@Module({
  providers: [
    {
      provide: DatabaseConnection,
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => DatabaseConnection.open(config),
    },
  ],
  exports: [DatabaseConnection],
})
class DatabaseConnectionModule {}

/**
 * nestjs-cls 6 registers a global guard and a global interceptor even when neither is mounted
 * (`canActivate: () => true`, `next.handle()`): one more guard call and one more rxjs layer on
 * every request, ~4 % of a cheap read's CPU (docs/benchmarks.md). The context starts in the
 * middleware, so they are dropped.
 */
function withoutUnmountedEnhancers(module: DynamicModule): DynamicModule {
  const enhancer = (provider: Provider) => typeof provider === 'object' && (provider.provide === APP_GUARD || provider.provide === APP_INTERCEPTOR);
  return { ...module, providers: module.providers?.filter((provider) => !enhancer(provider)) };
}

/**
 * TypeORM over `pg`, and the request-scoped context (nestjs-cls) that carries the transaction.
 */
@Global()
@Module({
  imports: [
    DatabaseConnectionModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseConnectionModule],
      inject: [DatabaseConnection, databaseConfig.KEY],
      useFactory: async (connection: DatabaseConnection, config: ConfigType<typeof databaseConfig>) => {
        if (config.runMigrationsOnStart) await runMigrations(connection.migrationUrl);
        // PGlite is one backend: a single connection keeps two clients' messages from interleaving.
        const poolSize = connection.isEmbedded ? 1 : config.poolSize;
        return { ...dataSourceOptions(connection.url, { poolSize }), autoLoadEntities: true };
      },
    }),
    withoutUnmountedEnhancers(
      ClsModule.forRoot({
        global: true,
        middleware: {
          mount: true,
          generateId: true,
          // Fastify's request id (taken from X-Request-Id or generated) is copied onto the raw request.
          idGenerator: (request: { id?: string }) => request.id ?? randomUUID(),
          // The trace id the HTTP layer read from `traceparent` (or made) is copied onto the raw request too.
          setup: (cls, request: { traceId?: string; headers?: Record<string, string | string[] | undefined> }) => {
            cls.set(TRACE_ID_KEY, traceIdOfRequest(request));
          },
          // No proxy providers here; resolving them would run a dynamic require() on every
          // request (nestjs-cls 6), about 6 % of the per-request CPU (docs/benchmarks.md).
          resolveProxyProviders: false,
        },
        plugins: [
          new ClsPluginTransactional({
            imports: [TypeOrmModule],
            adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
          }),
        ],
      }),
    ),
  ],
  // The request's transaction is opened by the request pipeline (libs/auth AccessInterceptor),
  // whose first statement also authenticates the caller.
  providers: [TenantTransaction],
  exports: [TenantTransaction],
})
export class DatabaseModule {}
