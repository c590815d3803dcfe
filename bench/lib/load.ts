import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BenchRequest } from './scenario';

/** Where requests go: the service (no prefix) or the baseline (the scenario's prefix). */
export interface Target {
  host: string;
  port: number;
  prefix: string;
}

export interface Figures {
  /** Completed responses. */
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Responses whose status is not the scenario's expected one (2xx included). */
  unexpected: number;
  /** For fixed-rate runs: the rate asked for. */
  offeredRate?: number;
  /** CPU per request of the target's Node process and of its database backends (Linux, local PostgreSQL). */
  cpu?: { nodeMsPerRequest: number; databaseMsPerRequest?: number };
}

export interface LoadOptions {
  next: () => BenchRequest;
  seconds: number;
  connections: number;
  expectedStatus: number;
}

/**
 * Collects the responses of one side over one or more runs (the runner splits each measurement
 * into halves, baseline-service-service-baseline, so drifting machine load hits both alike).
 */
export class Recorder {
  private latencies: number[] = [];
  private non2xx = 0;
  private unexpected = 0;
  private seconds = 0;
  private errors = 0;

  constructor(private readonly expectedStatus: number) {}

  record(status: number, latencyMs: number): void {
    this.latencies.push(latencyMs);
    if (status < 200 || status > 299) this.non2xx++;
    if (status !== this.expectedStatus) this.unexpected++;
  }

  get requests(): number {
    return this.latencies.length;
  }

  /** Adds a finished run's wall time and its connection errors / timeouts. */
  finishRun(seconds: number, errors: number): void {
    this.seconds += seconds;
    this.errors += errors;
  }

  figures(offeredRate?: number): Figures {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
    return {
      requests: sorted.length,
      seconds: this.seconds,
      requestsPerSecond: sorted.length / this.seconds,
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN },
      errors: this.errors,
      non2xx: this.non2xx,
      unexpected: this.unexpected,
      ...(offeredRate === undefined ? {} : { offeredRate }),
    };
  }
}

function toWire(request: BenchRequest, prefix: string) {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  return { method: request.method, path: prefix + request.path, headers, body };
}

/**
 * Maximum throughput: a closed loop of `connections` keep-alive connections, each sending its
 * next request as soon as the previous one is answered (autocannon).
 */
export async function closedLoop(target: Target, options: LoadOptions, recorder = new Recorder(options.expectedStatus)): Promise<Recorder> {
  const started = performance.now();
  const instance = autocannon({
    url: `http://${target.host}:${target.port}`,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        setupRequest: (defaults: Record<string, unknown>) => {
          const wire = toWire(options.next(), target.prefix);
          return {
            ...defaults,
            method: wire.method,
            path: wire.path,
            headers: { ...(defaults.headers as object), ...wire.headers },
            ...(wire.body ? { body: wire.body } : {}),
          };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, latencyMs: number) => recorder.record(status, latencyMs));
  const result = await instance;
  recorder.finishRun((performance.now() - started) / 1000, result.errors + result.timeouts);
  return recorder;
}

/**
 * Latency at a fixed offered rate: an open loop that starts requests on a steady schedule
 * (not in per-second bursts) over at most `connections` keep-alive sockets. Latency is taken
 * from the moment a request was due, so a server that falls behind is charged for the queue
 * (no coordinated omission).
 */
export async function fixedRate(target: Target, options: LoadOptions & { rate: number }, recorder = new Recorder(options.expectedStatus)): Promise<Recorder> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  let sent = 0;
  let settled = 0;
  let errors = 0;
  const started = performance.now();

  await new Promise<void>((resolve) => {
    const finishOne = () => {
      settled++;
      if (settled === total) resolve();
    };
    const send = (dueAt: number) => {
      const wire = toWire(options.next(), target.prefix);
      const req = httpRequest(
        { agent, host: target.host, port: target.port, method: wire.method, path: wire.path, headers: wire.headers, timeout: 10_000 },
        (res) => {
          res.resume();
          res.once('end', () => {
            recorder.record(res.statusCode ?? 0, performance.now() - dueAt);
            finishOne();
          });
        },
      );
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => {
        errors++;
        finishOne();
      });
      req.end(wire.body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (sent < due) send(started + sent++ * interval);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  recorder.finishRun((performance.now() - started) / 1000, errors);
  return recorder;
}
