import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A forced answer for the next matching request(s). */
export interface Forced {
  status: number;
  retryAfter?: string;
  body?: unknown;
  /** Answer only after this long (a slow provider). */
  delayMs?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  kind: 'create' | 'read' | 'other';
  org: string;
  authorization: string | undefined;
  at: number;
  answered: number;
}

interface FakeRun {
  id: number;
  org: string;
  prompt: string;
  reads: number;
}

export interface RunScript {
  /** Reads answered ACTIVE before the final status; Infinity keeps it running. */
  readsBeforeEnd: number;
  end: 'COMPLETE' | 'FAILED';
  result?: string;
  pullRequests?: Array<{ url: string; title: string }>;
}

/**
 * A local fake of the Codegen API (real HTTP on 127.0.0.1): POST /v1/organizations/{org}/agent/run,
 * GET /v1/organizations/{org}/agent/run/{id}, Bearer tokens per organization. Tests script how
 * runs end, force 429 (with Retry-After), 5xx or slow answers, switch an outage on and off, and
 * read every request it received (to check the rate limits the service promised to keep).
 */
export class FakeCodegen {
  readonly requests: FakeRequest[] = [];
  private readonly runs = new Map<number, FakeRun>();
  private readonly tokens = new Map<string, string>();
  private readonly forced: Array<{ kind: 'create' | 'read' | 'any'; answer: Forced }> = [];
  private nextId = 1000;
  outage = false;
  script: RunScript = { readsBeforeEnd: 1, end: 'COMPLETE', result: 'Done', pullRequests: [{ url: 'https://github.com/acme/app/pull/7', title: 'Fix it' }] };
  private scripts = new Map<string, RunScript>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeCodegen> {
    const holder: { fake?: FakeCodegen } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    const fake = (holder.fake = new FakeCodegen(server));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Accept `token` for the provider organization `org`. */
  account(org: string, token: string): void {
    this.tokens.set(org, token);
  }

  /** Runs whose prompt contains `marker` follow this script. */
  scriptFor(marker: string, script: RunScript): void {
    this.scripts.set(marker, script);
  }

  force(kind: 'create' | 'read' | 'any', answer: Forced, times = 1): void {
    for (let i = 0; i < times; i += 1) this.forced.push({ kind, answer });
  }

  of(kind: 'create' | 'read', org?: string): FakeRequest[] {
    return this.requests.filter((r) => r.kind === kind && (org === undefined || r.org === org));
  }

  /** The most requests of `kind` for `org` seen in any window of `windowMs`. */
  maxInWindow(kind: 'create' | 'read', org: string, windowMs: number): number {
    const times = this.of(kind, org)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    let max = 0;
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (times[i] - times[j] >= windowMs) j += 1;
      max = Math.max(max, i - j + 1);
    }
    return max;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const create = /^\/v1\/organizations\/([^/]+)\/agent\/run$/.exec(url.pathname);
    const read = /^\/v1\/organizations\/([^/]+)\/agent\/run\/(\d+)$/.exec(url.pathname);
    const kind = req.method === 'POST' && create ? 'create' : req.method === 'GET' && read ? 'read' : 'other';
    const org = decodeURIComponent((create ?? read)?.[1] ?? '');
    const record: FakeRequest = {
      method: req.method ?? '',
      path: url.pathname,
      kind,
      org,
      authorization: req.headers.authorization,
      at: Date.now(),
      answered: 0,
    };
    this.requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.answered = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (kind === 'other') return send(404, { detail: 'Not Found' });
    if (this.outage) return send(503, { detail: 'Service Unavailable' });
    const index = this.forced.findIndex((f) => f.kind === 'any' || f.kind === kind);
    if (index >= 0) {
      const [{ answer }] = this.forced.splice(index, 1);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (answer.status !== 200)
        return send(answer.status, answer.body ?? { detail: `forced ${answer.status}` }, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {});
    }
    if (req.headers.authorization !== `Bearer ${this.tokens.get(org)}`) return send(401, { detail: 'Invalid API token' });
    if (kind === 'create') {
      const { prompt } = JSON.parse(body || '{}') as { prompt?: string };
      if (!prompt) return send(422, { detail: 'prompt is required' });
      const run: FakeRun = { id: this.nextId++, org, prompt, reads: 0 };
      this.runs.set(run.id, run);
      return send(200, this.view(run, 'ACTIVE'));
    }
    const run = this.runs.get(Number(read![2]));
    if (!run || run.org !== org) return send(404, { detail: 'Agent run not found' });
    run.reads += 1;
    const script = this.scriptOf(run);
    return send(200, this.view(run, run.reads > script.readsBeforeEnd ? script.end : 'ACTIVE'));
  }

  private scriptOf(run: FakeRun): RunScript {
    for (const [marker, script] of this.scripts) if (run.prompt.includes(marker)) return script;
    return this.script;
  }

  private view(run: FakeRun, status: string) {
    const script = this.scriptOf(run);
    const done = status === 'COMPLETE';
    return {
      id: run.id,
      organization_id: Number(run.org) || 0,
      status,
      created_at: new Date().toISOString(),
      web_url: `https://codegen.com/agent/trace/${run.id}`,
      result: done ? (script.result ?? 'Done') : status === 'FAILED' ? 'The agent gave up' : null,
      source_type: 'API',
      github_pull_requests: done ? (script.pullRequests ?? []).map((pr, i) => ({ id: i + 1, ...pr, created_at: new Date().toISOString() })) : [],
      metadata: null,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
