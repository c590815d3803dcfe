import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { DatabaseConnection } from '@switchyard/database';
import { AsyncResource } from 'node:async_hooks';
import { Client } from 'pg';
import { WorkSignal } from '../../application/runner.repository';
import { pipelinesConfig } from '../../pipelines.config';

/** The channel the pipeline_step_queue insert trigger notifies (migration Pipelines), payload the organization id. */
export const PIPELINE_STEPS_CHANNEL = 'pipeline_steps';
const RECONNECT_MS = 5_000;

/**
 * A waiter's time-out is rounded up to the next whole second, and one timer per second answers
 * every waiter due in it: an idle fleet of 1,000 runners polling every 30 s wakes the process
 * once a second instead of 33 times, and their next polls arrive together (one event-loop turn
 * for many). Costs a waiting claim at most one second more than asked.
 */
const TIMEOUT_GRANULARITY_MS = 1_000;

interface Waiter {
  organizationId: string;
  resolve: () => void;
  /** The second (epoch ms, rounded up) whose timer answers this waiter. */
  due: number;
}

/**
 * Wakes long-polling claims. Waiters are kept per organization in memory (no database work while
 * waiting); they wake on NOTIFY pipeline_steps from any process (one LISTEN connection per
 * process, PostgreSQL server only), or in-process when this process queued the work on the
 * embedded database (a single backend: the waking claim's query runs after the queuing
 * transaction released the one connection, so it sees the committed rows). A lost LISTEN
 * connection only costs latency: waiters still time out and claim again.
 */
@Injectable()
export class PgWorkSignal extends WorkSignal implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PipelineWorkSignal');
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Time-outs: the second they fall in → its timer and the waiters it answers. */
  private readonly timeouts = new Map<number, { timer: NodeJS.Timeout; waiters: Set<Waiter> }>();
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  /** Wakes from any async context without carrying a request's transaction along. */
  private readonly wakeBound = AsyncResource.bind((organizationId: string) => this.wake(organizationId));

  constructor(
    @Inject(pipelinesConfig.KEY) private readonly config: ConfigType<typeof pipelinesConfig>,
    @Optional() private readonly connection?: DatabaseConnection,
  ) {
    super();
  }

  private get listening(): boolean {
    return !!this.connection && !this.connection.isEmbedded && this.config.listen;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.listening) await this.listen();
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /** Answers every waiting claim (204) before the database closes, so shutdown is not held up for a whole wait. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    for (const set of this.waiters.values()) for (const waiter of set) this.release(waiter);
    this.waiters.clear();
    await this.client?.end().catch(() => undefined);
  }

  wait(organizationId: string, ms: number): { promise: Promise<void>; cancel: () => void } {
    const due = Math.ceil((Date.now() + ms) / TIMEOUT_GRANULARITY_MS) * TIMEOUT_GRANULARITY_MS;
    let waiter!: Waiter;
    const promise = new Promise<void>((resolve) => {
      waiter = { organizationId, resolve, due };
    });
    let set = this.waiters.get(organizationId);
    if (!set) this.waiters.set(organizationId, (set = new Set()));
    set.add(waiter);
    let second = this.timeouts.get(due);
    if (!second) {
      // +1: Node may fire a timer up to a millisecond early; the claim checks its deadline after waking.
      const timer = setTimeout(() => this.timeOut(due), due - Date.now() + 1);
      this.timeouts.set(due, (second = { timer, waiters: new Set() }));
    }
    second.waiters.add(waiter);
    return { promise, cancel: () => this.drop(waiter) };
  }

  queued(organizationId: string): void {
    // On a server, NOTIFY (sent at commit) wakes every process including this one; waking now would claim before the commit.
    if (!this.listening) this.wakeBound(organizationId);
  }

  /** Waiting claims, for metrics and tests. */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  private wake(organizationId: string): void {
    const set = this.waiters.get(organizationId);
    if (!set) return;
    this.waiters.delete(organizationId);
    for (const waiter of set) this.release(waiter);
  }

  private timeOut(due: number): void {
    const second = this.timeouts.get(due);
    if (!second) return;
    this.timeouts.delete(due);
    for (const waiter of second.waiters) this.drop(waiter);
  }

  private drop(waiter: Waiter): void {
    const set = this.waiters.get(waiter.organizationId);
    if (set?.delete(waiter) && set.size === 0) this.waiters.delete(waiter.organizationId);
    this.release(waiter);
  }

  /** Answers the waiter and forgets its time-out (the second's timer goes when it has no waiter left). */
  private release(waiter: Waiter): void {
    const second = this.timeouts.get(waiter.due);
    if (second?.waiters.delete(waiter) && second.waiters.size === 0) {
      clearTimeout(second.timer);
      this.timeouts.delete(waiter.due);
    }
    waiter.resolve();
  }

  private async listen(): Promise<void> {
    // LISTEN needs a session of its own: straight to PostgreSQL, past a transaction pooler (DATABASE_LISTEN_URL).
    const client = new Client({ connectionString: this.connection!.listenUrl, application_name: 'switchyard-pipeline-listener' });
    this.client = client;
    client.on('notification', (message) => message.payload && this.wakeBound(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PIPELINE_STEPS_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.logger.warn({ error: error?.message }, `Pipeline step notifications lost; claims wake on their timeout only, reconnecting in ${RECONNECT_MS} ms`);
    this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.retry.unref();
  }
}
