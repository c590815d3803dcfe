import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** The channel the job_queue insert trigger notifies (migration 1733300000000-JobQueueNotify), payload the queue name. */
export const JOB_QUEUE_CHANNEL = 'job_queue';
const RECONNECT_MS = 5_000;

/**
 * Wakes the workers of this process when another process enqueues (LISTEN on one dedicated
 * connection; the notification arrives when the enqueuing transaction commits). Only a shortcut:
 * polling still finds every job, so a lost connection costs latency, never a job. Not used on the
 * embedded database, a single backend that one process owns, where send() wakes workers in-process.
 */
export class JobQueueListener {
  private readonly logger = new Logger('JobQueue');
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  /** True while LISTEN is in place: every job that becomes queued is announced (the JobQueueWakeOnRequeue trigger). */
  connected = false;

  constructor(
    private readonly url: string,
    private readonly onQueue: (queue: string) => void,
    /** After each (re)connection: notifications sent while not listening are lost, so look at every queue. */
    private readonly onConnected: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'switchyard-job-listener' });
    this.client = client;
    client.on('notification', (message) => message.payload && this.onQueue(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_QUEUE_CHANNEL}`);
      if (client !== this.client) return;
      this.connected = true;
      this.onConnected();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private lost(client: Client, error?: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    this.connected = false;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.logger.warn({ error: error?.message }, `Job notifications lost; polling only, reconnecting in ${RECONNECT_MS} ms`);
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    this.retry.unref();
  }
}
