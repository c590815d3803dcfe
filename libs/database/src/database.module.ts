import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ConfigType, databaseConfig } from '@switchyard/config';
import { ClsModule } from 'nestjs-cls';
import { DatabaseConnection } from './database-connection';
import { dataSourceOptions } from './data-source.options';
import { runMigrations } from './migrations-runner';
import { TenantTransaction } from './tenant-transaction';

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
 * every request (docs/benchmarks.md). The context starts in the app's first Fastify hook
 * (startRequestContext), so they are dropped.
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
        // The request's context is started by the app's first Fastify hook (startRequestContext),
        // not by nestjs-cls's Nest middleware.
        middleware: { mount: false },
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
