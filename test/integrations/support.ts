import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Session, TestApp } from '../support/test-app';

const examples: Array<{ name: string; examples: Array<Record<string, any>> }> = require('@octokit/webhooks-examples');

/** A real payload from @octokit/webhooks-examples (GitHub's documented examples), deep-copied. */
export function githubExample(event: string, match: (payload: Record<string, any>) => boolean = () => true): Record<string, any> {
  const found = examples.find((entry) => entry.name === event)?.examples.find(match);
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found);
}

export interface Sent {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/** Signs and sends a webhook the way each platform does. */
export function webhooks(t: TestApp) {
  return {
    async github(integrationId: string, secret: string, event: string, payload: unknown, delivery: string = randomUUID()): Promise<Sent> {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return send(t, `/v1/webhooks/github/${integrationId}`, body, {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-hub-signature-256': signature,
      });
    },
    async linear(integrationId: string, secret: string, payload: Record<string, unknown>, delivery: string = randomUUID()): Promise<Sent> {
      const body = JSON.stringify({ webhookTimestamp: Date.now(), ...payload });
      return send(t, `/v1/webhooks/linear/${integrationId}`, body, {
        'content-type': 'application/json; charset=utf-8',
        'linear-delivery': delivery,
        'linear-event': String(payload.type),
        'linear-signature': createHmac('sha256', secret).update(body).digest('hex'),
      });
    },
    async slack(
      integrationId: string,
      secret: string,
      body: string,
      contentType: string,
      timestamp = Math.floor(Date.now() / 1000),
      extra: Record<string, string> = {},
    ): Promise<Sent> {
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return send(t, `/v1/webhooks/slack/${integrationId}`, body, {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        ...extra,
      });
    },
    raw: (url: string, body: string, headers: Record<string, string>) => send(t, url, body, headers),
  };
}

async function send(t: TestApp, url: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const response = await t.app.inject({ method: 'POST', url, headers, payload: body });
  let parsed: unknown = response.body;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    // keep text
  }
  return { status: response.statusCode, body: parsed, headers: response.headers as Sent['headers'] };
}

export async function createIntegration(
  t: TestApp,
  session: Session,
  body: Record<string, unknown>,
): Promise<{ id: string; version: number; [key: string]: any }> {
  const response = await t.post(
    '/v1/integrations',
    { name: `i-${randomUUID().slice(0, 8)}`, webhookSecret: 'a-webhook-secret-1', ...body },
    { token: session.accessToken },
  );
  if (response.status !== 201) throw new Error(`create integration: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Polls until `check` answers something, at most ~20 s (no fixed sleeps). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 400; i += 1) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the delivery is settled (processed, ignored or dead) and answers it. */
export function settled(t: TestApp, session: Session, integrationId: string, deliveryId: string) {
  return eventually(async () => {
    const response = await t.get(`/v1/integrations/${integrationId}/deliveries/${deliveryId}`, { token: session.accessToken });
    return ['processed', 'ignored', 'dead'].includes(response.body?.status) ? response.body : undefined;
  }, `delivery ${deliveryId}`);
}

export interface FakeCall {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/**
 * A local fake of Slack's, Linear's and GitHub's HTTP APIs on 127.0.0.1: records every call and
 * answers what the test queued for the path (else 200 with a plausible body).
 */
export class FakePlatforms {
  readonly calls: FakeCall[] = [];
  private readonly queued = new Map<string, Array<{ status: number; body: unknown; headers?: Record<string, string> }>>();
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next answer(s) for requests whose path starts with `prefix`. */
  answer(prefix: string, status: number, body: unknown, headers?: Record<string, string>): void {
    const list = this.queued.get(prefix) ?? [];
    list.push({ status, body, headers });
    this.queued.set(prefix, list);
  }

  to(prefix: string): FakeCall[] {
    return this.calls.filter((call) => call.url.startsWith(prefix));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      const url = request.url ?? '/';
      this.calls.push({ method: request.method ?? 'GET', url, headers: request.headers, body });
      const prefix = [...this.queued.keys()].filter((key) => url.startsWith(key)).sort((a, b) => b.length - a.length)[0];
      const next = prefix ? this.queued.get(prefix)!.shift() : undefined;
      if (prefix && this.queued.get(prefix)!.length === 0) this.queued.delete(prefix);
      const answer = next ?? { status: 200, body: defaultBody(url) };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      response.end(JSON.stringify(answer.body));
    });
  }
}

function defaultBody(url: string): unknown {
  if (url.startsWith('/slack/')) return { ok: true, ts: '1700000000.000100' };
  if (url.startsWith('/linear')) return { data: { issueUpdate: { success: true, issue: { id: 'x', updatedAt: new Date().toISOString() } } } };
  return {};
}
