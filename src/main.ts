import 'reflect-metadata';
import { ConfigurationError, environment } from '@switchyard/config';
import { DatabaseConnection } from '@switchyard/database';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  let env;
  try {
    env = environment();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp();
  const database = app.get(DatabaseConnection);
  // Nest closes the app on SIGTERM/SIGINT (enableShutdownHooks): in-flight requests drain,
  // then the database pool; the embedded database is stopped last.
  process.once('beforeExit', () => void database.close());
  await app.listen({ port: env.port, host: env.host });
  app.get(DatabaseConnection);
  const url = await app.getUrl();
  app.getHttpAdapter().getInstance().log.info(`Switchyard listening on ${url} (docs at ${url}/docs)`);
}

main().catch((error) => {
  process.stderr.write(`Switchyard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
