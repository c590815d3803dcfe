import 'reflect-metadata';
import { checkSettings, ConfigurationError, environment } from '@switchyard/config';
import { DatabaseConnection } from '@switchyard/database';
import { installFastAsyncResourceBind } from '@switchyard/http';
import { createApp } from './app.factory';

// Before anything serves a request: Nest binds every interceptor step with AsyncResource.bind,
// which costs ~25 µs a call on Node 20 and 22 (libs/http/src/async-resource-bind.ts).
installFastAsyncResourceBind();

/**
 * On SIGTERM the process exits by itself within this long, drained or not. Kubernetes'
 * terminationGracePeriodSeconds must cover the preStop pause plus this (deploy/kubernetes,
 * checked by tools/validate-manifests.mjs).
 */
const SHUTDOWN_DEADLINE_MS = 30_000;

async function main(): Promise<void> {
  let env;
  try {
    // Every declared area (the platform's, each lib's and module's: importing app.factory has
    // loaded them all) is read before anything starts, so one message lists every problem.
    checkSettings();
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
  const log = app.getHttpAdapter().getInstance().log;

  // Graceful shutdown: stop accepting connections, let in-flight requests and jobs finish
  // (app.close), then close the embedded database last.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: draining and shutting down`);
    const force = setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    app
      .close()
      .then(() => database.close())
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      })
      .catch((error) => {
        log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen({ port: env.port, host: env.host });
  const url = await app.getUrl();
  log.info(`Switchyard listening on ${url} (docs at ${url}/docs)`);
}

main().catch((error) => {
  process.stderr.write(`Switchyard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
