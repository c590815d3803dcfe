import { Logger } from '@nestjs/common';
import { LookupFunction } from 'node:net';
import { currentTraceparent } from '@switchyard/database';
import { Agent, request } from 'undici';
import { CheckedTarget, OutboundGate } from './outbound-gate';
import { isOutboundError, OutboundRefusedError, OutboundUnreachableError } from './outbound-error';

export interface OutboundRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, every redirect included. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Largest response body accepted; a longer one fails the call. */
  maxBytes?: number;
  /** Redirects followed, each re-checked by the gate; 0 returns the 3xx itself. */
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

const DEFAULTS = { timeoutMs: 10_000, connectTimeoutMs: 5_000, maxBytes: 1_048_576, maxRedirects: 5 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * HTTP(S) for every caller that reaches out on a tenant's behalf (webhooks, agent providers,
 * Slack, Linear, GitHub). Each hop goes through the gate and connects to the address the gate
 * checked (a lookup that answers with it: no second resolution, SNI and Host stay the name);
 * redirects are followed here, not by the client, so each one is checked again. Time and size
 * are bounded; failures come back as OutboundRefusedError / OutboundUnreachableError only.
 */
export class OutboundHttp {
  private readonly logger = new Logger('OutboundHttp');

  constructor(private readonly gate: OutboundGate) {}

  async request(url: string, options: OutboundRequestOptions = {}): Promise<OutboundResponse> {
    const settings = { ...DEFAULTS, ...options };
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    let current = parseHttpUrl(url);
    let method = (options.method ?? 'GET').toUpperCase();
    let body = options.body;
    let headers = { ...(options.headers ?? {}) };
    // W3C Trace Context: the call continues the trace of the request or job that makes it.
    const traceparent = currentTraceparent();
    if (traceparent && !Object.keys(headers).some((name) => name.toLowerCase() === 'traceparent')) headers.traceparent = traceparent;
    for (let hop = 0; ; hop += 1) {
      const target = await this.gate.resolve(current.hostname);
      const response = await this.send(current, target, { method, headers, body }, settings, deadline);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || typeof location !== 'string' || settings.maxRedirects === 0) return response;
      if (hop >= settings.maxRedirects)
        throw new OutboundUnreachableError(current.hostname, 'too many redirects', `more than ${settings.maxRedirects} redirects from ${url}`);
      const next = parseHttpUrl(location, current);
      if (next.origin !== current.origin) headers = withoutCredentials(headers);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = withoutBodyHeaders(headers);
      }
      current = next;
    }
  }

  private async send(
    url: URL,
    target: CheckedTarget,
    init: { method: string; headers: Record<string, string>; body?: string | Buffer },
    settings: typeof DEFAULTS,
    deadline: AbortSignal,
  ): Promise<OutboundResponse> {
    const dispatcher = new Agent({ connect: { timeout: settings.connectTimeoutMs, lookup: pinnedLookup(target) }, connections: 1, pipelining: 0 });
    try {
      const response = await request(url, { dispatcher, method: init.method as 'GET', headers: init.headers, body: init.body, signal: deadline });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > settings.maxBytes) {
          response.body.destroy();
          throw new OutboundUnreachableError(
            url.hostname,
            `the response is larger than ${settings.maxBytes} bytes`,
            `response from ${url.origin} over ${settings.maxBytes} bytes`,
          );
        }
        chunks.push(chunk as Buffer);
      }
      return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks), url: url.toString() };
    } catch (error) {
      if (isOutboundError(error)) throw error;
      const timedOut = deadline.aborted;
      const detail = `${init.method} ${url.origin} via ${target.address}: ${describe(error)}`;
      this.logger.warn({ host: url.hostname, address: target.address, detail }, 'Outbound HTTP call failed');
      throw new OutboundUnreachableError(url.hostname, timedOut ? `timed out after ${settings.timeoutMs} ms` : undefined, detail);
    } finally {
      void dispatcher.destroy().catch(() => undefined);
    }
  }
}

/** A lookup for net/tls.connect that answers with the checked address, whatever it is asked. */
export function pinnedLookup(target: CheckedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutboundRefusedError(base?.hostname ?? raw.slice(0, 200), 'invalid_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefusedError(url.hostname || url.protocol, `scheme ${url.protocol}`);
  return url;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !['authorization', 'cookie', 'proxy-authorization'].includes(name.toLowerCase())));
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !['content-type', 'content-length', 'content-encoding'].includes(name.toLowerCase())));
}

function describe(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return [err?.code, err?.message, err?.cause?.code, err?.cause?.message].filter(Boolean).join(' ') || String(error);
}
