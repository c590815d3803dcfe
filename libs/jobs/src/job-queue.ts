import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigType, jobsConfig } from '@switchyard/config';
import { currentTraceparent, DatabaseConnection, inTraceContext, TenantTransaction, traceIdOf } from '@switchyard/database';
import { Metrics } from '@switchyard/observability';
import { Gauge } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { AsyncResource } from 'node:async_hooks';
import { hostname } from 'node:os';
import { ExclusiveJobRunner } from './exclusive-job-runner';
import { JobQueueListener } from './job-queue-listener';
import {
  CLAIM_JOBS,
  COMPLETE_JOB,
  FAIL_JOB,
  HEARTBEAT_JOB,
  JOB_STATES,
  NEXT_DUE,
  PURGE_JOBS,
  QUEUE_DEPTH,
  REAP_JOBS,
  RETRY_JOB,
  SEND_JOB,
} from './job-queue.sql';

export const JOB_QUEUE_REAP_JOB = 'job-queue-reap';

/**
 * The payload field that carries the sender's W3C traceparent into the job: removed before the
 * handler sees the payload, which then runs in a context with that trace (events, log lines and
 * outbound calls of the job carry it) and the job id as correlation id.
 */
export const TRACEPARENT_FIELD = '_traceparent';

function withTrace<T>(payload: T): T {
  const traceparent = currentTraceparent();
  if (!traceparent || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { ...payload, [TRACEPARENT_FIELD]: traceparent };
}

function withoutTrace(payload: unknown): { payload: unknown; traceId?: string } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !(TRACEPARENT_FIELD in payload)) return { payload };
  const { [TRACEPARENT_FIELD]: traceparent, ...rest } = payload as Record<string, unknown>;
  return { payload: rest, traceId: traceIdOf(traceparent) };
}

export interface SendOptions {
  /** The tenant the job works for; defaults to the current transaction's. `null` for system jobs. */
  organizationId?: string | null;
  runAt?: Date;
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt (with ±25 % jitter) up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** At most one queued or active job per (queue, organization, key): a second send returns the first job's id. */
  singletonKey?: string;
}

export interface Job<T> {
  id: string;
  queue: string;
  organizationId: string | null;
  payload: T;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  /** The W3C trace id of the request (or job) that sent it; the handler runs in that trace. */
  traceId?: string;
}

export interface WorkerOptions<T> {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Jobs of the queue running at once across every replica. */
  globalConcurrency?: number;
  /** A job whose worker stops heart-beating for this long is given to another worker. */
  leaseMs?: number;
  /**
   * Does the work. Runs outside any transaction: open one with TenantTransaction.run({ organizationId })
   * for each database step. Delivery is at least once, so handlers are idempotent.
   */
  handle(job: Job<T>): Promise<void>;
  /** Called once when the job is dead-lettered (attempts exhausted or a non-retryable failure). */
  onDead?(job: Job<T>, error: string): Promise<void>;
}

/** Throw from a handler to fail the attempt; `retryable: false` dead-letters the job at once. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

interface JobRow {
  id: string;
  queue: string;
  organization_id: string | null;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

interface Worker {
  queue: string;
  options: WorkerOptions<unknown> & { leaseMs: number };
  inFlight: number;
  timer?: NodeJS.Timeout;
  /** When the pending timer fires: a later wake-up never postpones it. */
  dueAt?: number;
  polling: boolean;
  /** The claim in progress, awaited on shutdown so no query outlives the pool. */
  claim?: Promise<void>;
}

const DEFAULT_LEASE_MS = 60_000;

/**
 * A durable, Postgres-backed job queue (table job_queue): jobs are enqueued in the caller's
 * transaction (so a job exists exactly when the change that asked for it committed), claimed
 * with FOR UPDATE SKIP LOCKED under a lease that workers extend while they run, retried with
 * exponential backoff, and dead-lettered when attempts run out. A job whose worker died is
 * handed out again once its lease expires (the scheduled `job-queue-reap`).
 *
 * Every database step is a short transaction of its own, so the embedded database's single
 * connection is never held while a handler works. Workers wake on send() in this process and on
 * NOTIFY job_queue (PostgreSQL only, JobQueueListener: any job of any process that becomes queued).
 * While that LISTEN is live an idle worker sleeps until its queue's next delayed job is due (at
 * most JOB_LISTENING_POLL_INTERVAL_MS); without it, it looks every JOB_POLL_INTERVAL_MS.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly workers = new Map<string, Worker>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private started = false;
  private stopping = false;
  private listener?: JobQueueListener;
  /** Jobs whose handler completed them in its own transaction (completeInTransaction): no completing transaction after. */
  private readonly completedByHandler = new Set<string>();
  /** Wakes pollers from any async context without inheriting a request's transaction. */
  private readonly wakeUp = AsyncResource.bind((queue: string) => this.schedule(queue, 25));
  private readonly wakeAll = AsyncResource.bind(() => {
    for (const queue of this.workers.keys()) this.schedule(queue, 25);
  });

  constructor(
    private readonly transaction: TenantTransaction,
    private readonly runner: ExclusiveJobRunner,
    @Inject(jobsConfig.KEY) private readonly config: ConfigType<typeof jobsConfig>,
    @Optional() private readonly metrics?: Metrics,
    @Optional() private readonly connection?: DatabaseConnection,
  ) {}

  onModuleInit(): void {
    if (this.metrics) this.registerGauge(this.metrics);
    this.runner.schedule(JOB_QUEUE_REAP_JOB, this.config.reapCron, async () => ({ reaped: (await this.reap()).length, purged: await this.purge() }));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = this.config.workersEnabled;
    if (!this.started) return;
    for (const queue of this.workers.keys()) this.schedule(queue, 0);
    if (this.connection && !this.connection.isEmbedded && this.config.listen) {
      this.listener = new JobQueueListener(
        this.connection.listenUrl,
        (queue) => this.wakeUp(queue),
        () => this.wakeAll(),
      );
      await this.listener.start();
    }
  }

  /** Whether this process is configured to run workers (JOB_WORKERS_ENABLED). */
  get enabled(): boolean {
    return this.config.workersEnabled;
  }

  /** True while this process polls its queues. */
  get running(): boolean {
    return this.started && !this.stopping;
  }

  /** Enqueues in the current transaction. Returns the job id. */
  async send<T extends object>(queue: string, payload: T, options: SendOptions = {}): Promise<string> {
    const organizationId = options.organizationId === undefined ? this.transaction.organizationId : options.organizationId;
    const [row] = await this.transaction.query<{ id: string }>(SEND_JOB, [
      queue,
      organizationId,
      withTrace(payload),
      options.runAt ?? null,
      options.maxAttempts ?? 5,
      options.backoffMs ?? 1000,
      options.maxBackoffMs ?? 600_000,
      options.singletonKey ?? null,
    ]);
    if (this.workers.has(queue)) this.wakeUp(queue);
    return row.id;
  }

  /** Registers the handler of a queue; polling starts with the application. */
  work<T>(queue: string, options: WorkerOptions<T>): void {
    if (this.workers.has(queue)) throw new Error(`Queue ${queue} already has a worker`);
    this.workers.set(queue, { queue, options: { leaseMs: DEFAULT_LEASE_MS, ...options } as Worker['options'], inFlight: 0, polling: false });
    if (this.started) this.schedule(queue, 0);
  }

  /**
   * Marks the running job completed in the current transaction. A handler calls it last in the
   * transaction that commits the job's effects: the completion then commits or rolls back with
   * them (exactly once in effect, also when the process dies just after), and the queue skips its
   * own completing transaction. Should that transaction roll back while the handler still returns
   * normally, the job stays active until its lease expires and runs again.
   */
  async completeInTransaction(job: Job<unknown>): Promise<void> {
    await this.transaction.query(COMPLETE_JOB, [job.id, this.workerId]);
    this.completedByHandler.add(job.id);
  }

  /** Hands jobs of dead workers (expired leases) back to the queue, or dead-letters them. */
  async reap(limit = 1000): Promise<Array<{ id: string; queue: string; state: string }>> {
    const rows: Array<{ id: string; queue: string; organization_id: string | null; state: string; payload: unknown }> = await this.transaction.run({}, () =>
      this.transaction.query(REAP_JOBS, [limit]),
    );
    for (const row of rows) {
      this.logger.warn({ job: row.id, queue: row.queue, state: row.state }, 'Reaped a job whose worker stopped');
      const worker = this.workers.get(row.queue);
      if (row.state === 'dead' && worker?.options.onDead) {
        const job: Job<unknown> = {
          id: row.id,
          queue: row.queue,
          organizationId: row.organization_id,
          payload: withoutTrace(row.payload).payload,
          attempt: 0,
          maxAttempts: 0,
        };
        await worker.options
          .onDead(job, 'the worker stopped before finishing, and no attempts remain')
          .catch((error) => this.logger.error(error, 'onDead failed'));
      }
    }
    return rows.map(({ id, queue, state }) => ({ id, queue, state }));
  }

  /** Forgets completed jobs after a week and dead ones after a month. */
  async purge(): Promise<number> {
    const [row] = await this.transaction.run({}, () => this.transaction.query(PURGE_JOBS));
    return Number(row.purged);
  }

  /** Queued, active and dead jobs per queue (for metrics and health). */
  async depth(): Promise<Array<{ queue: string; state: string; jobs: number }>> {
    const rows: Array<{ queue: string; state: string; jobs: string }> = await this.transaction.run({}, () => this.transaction.query(QUEUE_DEPTH));
    return rows.map((row) => ({ ...row, jobs: Number(row.jobs) }));
  }

  /** State of the given jobs, whichever tenant they belong to. */
  async states(ids: string[]): Promise<Map<string, { state: string; attempts: number; maxAttempts: number; lastError: string | null }>> {
    const rows: Array<{ id: string; state: string; attempts: number; max_attempts: number; last_error: string | null }> = await this.transaction.query(
      JOB_STATES,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, { state: row.state, attempts: row.attempts, maxAttempts: row.max_attempts, lastError: row.last_error }]));
  }

  /** Replays a dead-lettered job (within the current transaction's tenant). */
  async retry(id: string): Promise<boolean> {
    const [row] = await this.transaction.query(RETRY_JOB, [id]);
    return row.retried === true;
  }

  /** Stops polling and lets running jobs finish for up to JOB_SHUTDOWN_GRACE_MS; the rest are re-run elsewhere once their lease expires. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.listener?.stop();
    for (const worker of this.workers.values()) clearTimeout(worker.timer);
    await Promise.allSettled([...this.workers.values()].map((worker) => worker.claim));
    if (this.inFlight.size === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.config.shutdownGraceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timeout);
  }

  /** `job_queue_jobs{queue,state}`: queued, active and dead jobs, read at each scrape. */
  private registerGauge(metrics: Metrics): void {
    const depth = () => this.depth().catch(() => []);
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Jobs of the durable queue by queue and state (queued, active, dead)',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const row of await depth()) this.set({ queue: row.queue, state: row.state }, row.jobs);
      },
    });
  }

  private schedule(queue: string, delayMs: number): void {
    const worker = this.workers.get(queue);
    if (!worker || !this.started || this.stopping) return;
    const dueAt = Date.now() + delayMs;
    // Keep a sooner wake-up: under a steady stream of sends, re-arming would postpone the claim for good.
    if (worker.timer && worker.dueAt !== undefined && worker.dueAt <= dueAt) return;
    clearTimeout(worker.timer);
    worker.dueAt = dueAt;
    worker.timer = setTimeout(() => {
      worker.timer = undefined;
      worker.dueAt = undefined;
      worker.claim = this.poll(worker);
    }, delayMs);
    worker.timer.unref();
  }

  private async poll(worker: Worker): Promise<void> {
    if (worker.polling || this.stopping) return;
    worker.polling = true;
    let claimed = 0;
    let free = 0;
    let delayMs = this.config.pollIntervalMs;
    try {
      free = worker.options.concurrency - worker.inFlight;
      if (free > 0) {
        const listening = this.listener?.connected === true;
        const { rows, nextDueMs } = await this.transaction.run({}, async () => {
          const rows: JobRow[] = await this.transaction.query(CLAIM_JOBS, [
            worker.queue,
            this.workerId,
            free,
            worker.options.leaseMs,
            worker.options.globalConcurrency ?? null,
          ]);
          if (!listening || rows.length === free) return { rows };
          const [due] = await this.transaction.query<{ ms: string | null }>(NEXT_DUE, [worker.queue]);
          return { rows, nextDueMs: due.ms === null ? null : Number(due.ms) };
        });
        claimed = rows.length;
        for (const row of rows) this.track(this.execute(worker, row));
        if (nextDueMs !== undefined) delayMs = this.idleDelay(nextDueMs);
      }
    } catch (error) {
      if (!this.stopping) this.logger.error(error, `Polling ${worker.queue} failed`);
    } finally {
      worker.polling = false;
    }
    // A full claim suggests more work is waiting: look again at once.
    this.schedule(worker.queue, claimed > 0 && claimed === free ? 0 : delayMs);
  }

  /**
   * How long an idle worker sleeps while NOTIFY is live (every job that becomes queued wakes it):
   * until the queue's next delayed job is due, at most JOB_LISTENING_POLL_INTERVAL_MS (a safety
   * net). A job due now that the claim did not hand out (another worker holds it, or the queue's
   * global limit is reached, whose freeing nobody announces) is looked at again every
   * JOB_POLL_INTERVAL_MS, as without LISTEN.
   */
  private idleDelay(nextDueMs: number | null): number {
    if (nextDueMs === null) return this.config.listeningPollIntervalMs;
    if (nextDueMs <= 0) return this.config.pollIntervalMs;
    return Math.min(nextDueMs, this.config.listeningPollIntervalMs);
  }

  private track(execution: Promise<void>): void {
    this.inFlight.add(execution);
    void execution.finally(() => this.inFlight.delete(execution));
  }

  private async execute(worker: Worker, row: JobRow): Promise<void> {
    const { payload, traceId } = withoutTrace(row.payload);
    const job: Job<unknown> = {
      id: row.id,
      queue: row.queue,
      organizationId: row.organization_id,
      payload,
      traceId,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
    };
    worker.inFlight += 1;
    const heartbeat = setInterval(() => void this.heartbeat(job, worker.options.leaseMs), Math.max(1000, Math.floor(worker.options.leaseMs / 3)));
    heartbeat.unref();
    try {
      await inTraceContext(job.id, traceId, () => worker.options.handle(job));
      clearInterval(heartbeat);
      if (!this.completedByHandler.delete(job.id)) await this.transaction.run({}, () => this.transaction.query(COMPLETE_JOB, [job.id, this.workerId]));
    } catch (error) {
      clearInterval(heartbeat);
      this.completedByHandler.delete(job.id);
      await this.fail(worker, job, error);
    } finally {
      clearInterval(heartbeat);
      worker.inFlight -= 1;
      this.schedule(worker.queue, 0);
    }
  }

  private async fail(worker: Worker, job: Job<unknown>, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const retryable = error instanceof JobFailure ? error.retryable : true;
    try {
      const [row] = await this.transaction.run({}, () => this.transaction.query(FAIL_JOB, [job.id, this.workerId, message, retryable]));
      this.logger.warn({ job: job.id, queue: job.queue, attempt: job.attempt, state: row.state, error: message }, `Job attempt failed`);
      if (row.state === 'dead') await worker.options.onDead?.(job, message);
    } catch (failure) {
      this.logger.error(failure, `Recording the failure of job ${job.id} failed; its lease will expire and it will be retried`);
    }
  }

  private async heartbeat(job: Job<unknown>, leaseMs: number): Promise<void> {
    try {
      await this.transaction.run({}, () => this.transaction.query(HEARTBEAT_JOB, [job.id, this.workerId, leaseMs]));
    } catch (error) {
      if (!this.stopping) this.logger.warn({ job: job.id, error: (error as Error).message }, 'Heartbeat failed');
    }
  }
}
