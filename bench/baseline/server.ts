import Fastify from 'fastify';
import { Pool } from 'pg';
import { BaselineTools } from '../lib/baseline-tools';
import { SCENARIOS } from '../scenarios';

/**
 * The yardstick: plain Fastify + `pg`, one route set per scenario under `/<scenario name>`,
 * doing the service's SQL inside the same kind of tenant transaction and answering the same
 * JSON, with nothing else (no DI, guards, interceptors, validation library, ORM, logging).
 * Started by bench/run.ts with the same database, pool size and JWT secret as the service.
 */
async function main(): Promise<void> {
  const env = process.env;
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: Number(env.DATABASE_POOL_SIZE ?? 10),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'switchyard-bench-baseline',
  });
  const tools = new BaselineTools(pool, env.JWT_SECRET!, Number(env.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000));
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.get('/health', async () => ({ status: 'ok' }));
  for (const scenario of SCENARIOS) {
    void app.register(async (scoped) => scenario.baseline(scoped, tools), { prefix: `/${scenario.name}` });
  }
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.listen({ host: '127.0.0.1', port: Number(env.PORT) });
}

main().catch((error) => {
  process.stderr.write(`baseline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
