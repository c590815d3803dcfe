import { randomUUID } from 'node:crypto';

export interface LoadOptions {
  /** Where to send requests (read at each attempt: replicas come and go). */
  targets: () => string[];
  clients: number;
  token: string;
  body: (i: number) => Record<string, unknown>;
  path?: string;
  /** Attempts of one request before it counts as failed. */
  attempts?: number;
  /** Pause before trying a request again (a client's backoff). */
  retryDelayMs?: number;
}

export interface LoadOutcome {
  issued: number;
  accepted: number;
  ids: string[];
  failed: Array<{ i: number; last: string }>;
  retries: number;
  retryCauses: Record<string, number>;
}

/**
 * A load balancer and its clients in one: `clients` loops each POST a new resource with an
 * Idempotency-Key, round-robin over the targets; a refused connection, a reset, a 503 (a replica
 * stopping) or 409 IDEMPOTENCY_IN_PROGRESS moves the same request to the next target, as a load
 * balancer and a retrying client do. A request counts as accepted when it gets 201 (or 200/201
 * replayed for its key).
 */
export function runLoad(options: LoadOptions) {
  const path = options.path ?? '/v1/tasks';
  const attempts = options.attempts ?? 60;
  let next = 0;
  let cursor = 0;
  let stopping = false;
  const outcome: LoadOutcome = { issued: 0, accepted: 0, ids: [], failed: [], retries: 0, retryCauses: {} };
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const retry = (cause: string) => {
    outcome.retries += 1;
    outcome.retryCauses[cause] = (outcome.retryCauses[cause] ?? 0) + 1;
  };

  async function one(i: number): Promise<void> {
    const key = randomUUID();
    let last = '';
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const targets = options.targets();
      const target = targets[cursor++ % targets.length];
      try {
        const response = await fetch(`${target}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(options.body(i)),
        });
        const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string };
        if ((response.status === 201 || response.status === 200) && body.id) {
          outcome.accepted += 1;
          outcome.ids.push(body.id);
          for (const waiter of [...waiters]) if (outcome.accepted >= waiter.count) waiter.resolve();
          return;
        }
        last = `${response.status} ${body.code ?? ''}`;
        if (response.status === 503 || (response.status === 409 && body.code === 'COMMON.IDEMPOTENCY_IN_PROGRESS')) {
          if (response.status === 503 && body.code) last = body.code;
          retry(body.code ? `${response.status} ${body.code}` : String(response.status));
        } else {
          break; // anything else is a real failure
        }
      } catch (error) {
        const cause = ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message) || 'network';
        last = cause;
        retry(cause);
      }
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 20));
    }
    outcome.failed.push({ i, last });
  }

  const loops = Array.from({ length: options.clients }, async () => {
    while (!stopping) {
      const i = next++;
      outcome.issued += 1;
      await one(i);
    }
  });

  return {
    get accepted() {
      return outcome.accepted;
    },
    /** Resolves once `count` requests were accepted in all. */
    until(count: number, timeoutMs = 60_000): Promise<void> {
      if (outcome.accepted >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`load: ${outcome.accepted} of ${count} accepted after ${timeoutMs} ms (${JSON.stringify(outcome.failed.slice(0, 5))})`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop(): Promise<LoadOutcome> {
      stopping = true;
      await Promise.all(loops);
      return outcome;
    },
  };
}
