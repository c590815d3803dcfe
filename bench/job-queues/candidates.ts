/**
 * The three queues behind one small interface for bench/job-queues.ts. Each `setup` creates the
 * queue's schema and the grants the runtime role needs to enqueue from a tenant transaction.
 */
import { Logger as GraphileLogger, run as runGraphileWorker, runMigrations as migrateGraphileWorker } from 'graphile-worker';
import { Client, Pool } from 'pg';
import PgBoss from 'pg-boss';
import { DatabaseConnection } from '../../libs/database/src/database-connection';
import { JobQueue } from '../../libs/jobs/src/job-queue';
import { BenchTransaction } from './bench-transaction';

/** `--no-listen`: libs/jobs polling only (as before JOB_LISTEN), for comparison. */
const LIBS_JOBS_LISTEN = !process.argv.includes('--no-listen');

export interface QueueWorker {
  stop(): Promise<void>;
  /** For libs/jobs: the in-process nudge a send() gives a worker of the same process. */
  queue?: JobQueue;
}

export interface WorkerSettings {
  concurrency: number;
  leaseMs: number;
  /** The process that should also heal (reap / expire) dead workers' jobs. */
  healer?: boolean;
  /** On the embedded database: the app's pool of one connection. */
  embeddedPool?: Pool;
  /** libs/jobs only: the transaction helper of the producers (one pool, as in the app). */
  tx?: BenchTransaction;
}

export interface Candidate {
  name: string;
  lagModes: Array<'remote' | 'local'>;
  deadLeaseMs: number;
  deadRule: string;
  embeddedNote: string;
  setup(url: string, options: { embeddedPool?: Pool }): Promise<void>;
  enqueue(tx: BenchTransaction, queue: string, payload: object, local?: QueueWorker, options?: { leaseMs?: number }): Promise<void>;
  startWorker(url: string, queue: string, settings: WorkerSettings, handle: (payload: unknown) => Promise<void>): Promise<QueueWorker>;
  forceUnlock?(url: string): Promise<void>;
}

async function sql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const libsJobs: Candidate = {
  name: 'libs-jobs',
  lagModes: ['remote', 'local'],
  deadLeaseMs: 3_000,
  deadRule: 'lease 3 s here (60 s for analyses), heartbeat every lease/3, reaper every 1 s here (JOB_REAP_CRON, 30 s by default)',
  embeddedNote: 'every step a short statement on the app pool of one connection; no extra client',
  async setup() {
    // The schema is the migration 1732290000000-JobQueue, already applied.
  },
  async enqueue(tx, queue, payload, local, options) {
    if (local?.queue) {
      await local.queue.send(queue, payload);
      return;
    }
    await tx.query(`select job_queue_send($1, $2, $3, null, 5, $4, 600000, null)`, [queue, tx.organizationId, payload, options?.leaseMs ? 0 : 1000]);
  },
  async startWorker(url, queue, settings, handle) {
    const pool = settings.tx ? undefined : new Pool({ connectionString: url, max: 4 });
    pool?.on('error', (error) => console.error(`libs-jobs pool: ${error.message}`));
    const tx = settings.tx ?? new BenchTransaction(pool!);
    const config = {
      workersEnabled: true,
      pollIntervalMs: 1000,
      listeningPollIntervalMs: 30_000,
      listen: LIBS_JOBS_LISTEN,
      shutdownGraceMs: 1000,
      reapCron: '',
    };
    const connection = { url, isEmbedded: Boolean(settings.embeddedPool) } as DatabaseConnection;
    const jobs = new JobQueue(tx as never, { schedule: () => undefined } as never, config, undefined, connection);
    jobs.work(queue, { concurrency: settings.concurrency, leaseMs: settings.leaseMs, handle: (job) => handle(job.payload) });
    await jobs.onApplicationBootstrap();
    const reaper = settings.healer ? setInterval(() => void jobs.reap().catch(() => undefined), 1000) : undefined;
    return {
      queue: jobs,
      async stop() {
        clearInterval(reaper);
        await jobs.beforeApplicationShutdown();
        await pool?.end();
      },
    };
  },
};

/** pg-boss over the app's pool on the embedded database (its `db` adapter): no second client. */
const adapterOn = (pool: Pool): PgBoss.Db => ({ executeSql: (text, values) => pool.query(text, values) });

const pgBoss: Candidate = {
  name: 'pg-boss',
  lagModes: ['remote'],
  deadLeaseMs: 3_000,
  deadRule: 'expireInSeconds 3 here, found by maintenance every 1 s here (default 120 s); no heartbeat, so expireIn must exceed the longest run',
  embeddedNote: 'all queries through the app pool via the `db` adapter (no second client)',
  async setup(url, { embeddedPool }) {
    const boss = new PgBoss(
      embeddedPool ? { db: adapterOn(embeddedPool), supervise: false, schedule: false } : { connectionString: url, max: 1, supervise: false, schedule: false },
    );
    await boss.start();
    for (const name of ['bench.cost', 'bench.lag', 'bench.dead', 'bench.embedded'])
      await boss.createQueue(name, { name, retryLimit: 3, retryDelay: 0, expireInSeconds: 30 });
    await boss.stop({ graceful: false, wait: true });
    // What the runtime role needs to `send` inside a tenant transaction (no RLS on pg-boss's tables).
    const grants = `grant usage on schema pgboss to switchyard_app; grant select on pgboss.queue to switchyard_app; grant select, insert on pgboss.job to switchyard_app;`;
    if (embeddedPool) await embeddedPool.query(grants);
    else await sql(url, grants);
  },
  async enqueue(tx, queue, payload, _local, options) {
    const db: PgBoss.Db = { executeSql: (text, values) => tx.client.query(text, values) };
    const expire = options?.leaseMs ? { expireInSeconds: Math.ceil(options.leaseMs / 1000), retryDelay: 0 } : {};
    // A PgBoss instance that never starts: send() with `db` only builds and runs the insert.
    await sender.send(queue, payload, { db, ...expire });
  },
  async startWorker(url, queue, settings, handle) {
    const base = settings.embeddedPool ? { db: adapterOn(settings.embeddedPool) } : { connectionString: url, max: 4 };
    const boss = new PgBoss({ ...base, schedule: false, supervise: Boolean(settings.healer), maintenanceIntervalSeconds: 1, migrate: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.work(queue, { batchSize: Math.max(settings.concurrency, 100), pollingIntervalSeconds: 0.5 }, async (jobs) => {
      await Promise.all(jobs.map((job) => handle(job.data)));
    });
    return { stop: () => boss.stop({ graceful: true, wait: true, timeout: 2000 }) };
  },
};
const sender = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('send needs a db')) } });

const silent = new GraphileLogger(() => () => undefined);
let graphileDeadWorker: string | undefined;

const graphileWorker: Candidate = {
  name: 'graphile-worker',
  lagModes: ['remote'],
  deadLeaseMs: 3_000,
  deadRule: 'no lease: a locked job is unlocked after 4 hours (fixed), or by force_unlock_workers(ids) of workers known dead',
  embeddedNote: 'needs its own pg pool (a LISTEN connection held for good): a second client on the one PGlite backend',
  async setup(url, { embeddedPool }) {
    await migrateGraphileWorker({ connectionString: url, logger: silent, noPreparedStatements: Boolean(embeddedPool) });
    // add_job is SECURITY INVOKER and graphile-worker turns RLS on for its private tables (no
    // policies): the runtime role can only enqueue through a SECURITY DEFINER wrapper of ours.
    const grants = `create or replace function enqueue_graphile_job(p_task text, p_payload json) returns void
        language sql security definer set search_path = pg_catalog, public as $$ select graphile_worker.add_job(p_task, p_payload) $$;
      revoke all on function enqueue_graphile_job(text, json) from public;
      grant execute on function enqueue_graphile_job(text, json) to switchyard_app;`;
    if (embeddedPool) await embeddedPool.query(grants);
    else await sql(url, grants);
  },
  async enqueue(tx, queue, payload) {
    await tx.query(`select enqueue_graphile_job($1, $2::json)`, [queue, JSON.stringify(payload)]);
  },
  async startWorker(url, queue, settings, handle) {
    const pgPool = new Pool({ connectionString: url, max: settings.embeddedPool ? 2 : settings.concurrency + 2 });
    pgPool.on('error', (error) => console.error(`graphile-worker pool: ${error.message}`));
    const runner = await runGraphileWorker({
      pgPool,
      concurrency: settings.concurrency,
      noHandleSignals: true,
      pollInterval: 2000,
      noPreparedStatements: Boolean(settings.embeddedPool),
      logger: silent,
      taskList: { [queue]: (payload) => handle(payload) },
    });
    return {
      async stop() {
        await runner.stop();
        await pgPool.end();
      },
    };
  },
  async forceUnlock(url) {
    const client = new Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query(`select distinct locked_by from graphile_worker._private_jobs where locked_by is not null`)).rows;
    graphileDeadWorker = rows[0]?.locked_by;
    await client.query(`select graphile_worker.force_unlock_workers($1::text[])`, [rows.map((row) => row.locked_by)]);
    await client.end();
  },
};

export const CANDIDATES: Candidate[] = [libsJobs, pgBoss, graphileWorker];
export const lastGraphileDeadWorker = () => graphileDeadWorker;
