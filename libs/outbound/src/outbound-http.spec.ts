import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { OutboundGate } from './outbound-gate';
import { OutboundHttp } from './outbound-http';

/**
 * Local only: one HTTP server on 127.0.0.1. Test names resolve through an injected lookup
 * (`allowed.test` and `evil.test` both to 127.0.0.1); only `allowed.test` is on the allow-list,
 * so the first hop is permitted and a redirect to the other name or to 127.0.0.1 is not.
 */
describe('OutboundHttp', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  const asked: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      const send = (status: number, headers: Record<string, string>, body = '') => response.writeHead(status, headers).end(body);
      switch (request.url) {
        case '/to-other-name':
          return send(302, { location: `http://evil.test:${port}/secret` });
        case '/to-loopback-literal':
          return send(307, { location: `http://0x7f000001:${port}/secret` });
        case '/to-metadata':
          return send(301, { location: 'http://169.254.169.254/latest/meta-data' });
        case '/to-ok':
          return send(303, { location: '/ok' });
        case '/loop':
          return send(302, { location: '/loop' });
        case '/ok':
          return send(200, { 'content-type': 'text/plain', 'x-host': request.headers.host ?? '', 'x-method': request.method ?? '' }, 'hello');
        case '/big':
          return send(200, {}, 'x'.repeat(5000));
        case '/hang':
          return; // never answers
        default:
          return send(404, {});
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hits.length = 0;
    asked.length = 0;
  });

  const gate = new OutboundGate({
    allowedHosts: ['allowed.test'],
    lookup: async (host) => {
      asked.push(host);
      if (host === 'allowed.test' || host === 'evil.test') return [{ address: '127.0.0.1', family: 4 }];
      throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    },
  });
  const http = new OutboundHttp(gate);
  const url = (path: string) => `http://allowed.test:${port}${path}`;

  it('connects to the checked address while keeping the name as Host (no second lookup)', async () => {
    const response = await http.request(url('/ok'));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('hello');
    expect(response.headers['x-host']).toBe(`allowed.test:${port}`);
    expect(asked).toEqual(['allowed.test']);
  });

  it('follows a redirect that stays allowed, re-checking it', async () => {
    const response = await http.request(url('/to-ok'), { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(response).toMatchObject({ status: 200, url: url('/ok') });
    expect(response.headers['x-method']).toBe('GET');
    expect(hits).toEqual(['/to-ok', '/ok']);
    expect(asked).toEqual(['allowed.test', 'allowed.test']);
  });

  it.each([
    ['/to-other-name', 'evil.test'],
    ['/to-loopback-literal', '127.0.0.1'],
    ['/to-metadata', '169.254.169.254'],
  ])('refuses a redirect from an allowed host into a refused one (%s)', async (path, host) => {
    const error = await http.request(url(path)).catch((e) => e);
    expect(error).toMatchObject({ code: 'COMMON.OUTBOUND_REFUSED', message: `The host ${host} is refused by the outbound policy` });
    expect(hits).toEqual([path]); // the refused target was never contacted
  });

  it('returns the redirect itself when redirects are not wanted, and stops after the hop limit', async () => {
    expect((await http.request(url('/to-other-name'), { maxRedirects: 0 })).status).toBe(302);
    const error = await http.request(url('/loop'), { maxRedirects: 3 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'COMMON.OUTBOUND_UNREACHABLE', message: 'Could not reach the host allowed.test: too many redirects' });
    expect(hits.filter((hit) => hit === '/loop')).toHaveLength(4); // the first request and three redirects
  });

  it('bounds the response size and the time', async () => {
    const big = await http.request(url('/big'), { maxBytes: 1000 }).catch((e) => e);
    expect(big).toMatchObject({
      code: 'COMMON.OUTBOUND_UNREACHABLE',
      message: 'Could not reach the host allowed.test: the response is larger than 1000 bytes',
    });
    const slow = await http.request(url('/hang'), { timeoutMs: 100 }).catch((e) => e);
    expect(slow).toMatchObject({ code: 'COMMON.OUTBOUND_UNREACHABLE', message: 'Could not reach the host allowed.test: timed out after 100 ms' });
  });

  it('never hands the low-level error to the caller', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there any more
    const error = await http.request(`http://allowed.test:${closedPort}/`).catch((e) => e);
    expect(error).toMatchObject({ code: 'COMMON.OUTBOUND_UNREACHABLE', message: 'Could not reach the host allowed.test' });
    expect(error.internalDetail).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\d{4,5}/);
  });

  it('refuses schemes other than http and https', async () => {
    await expect(http.request('file:///etc/passwd')).rejects.toMatchObject({ code: 'COMMON.OUTBOUND_REFUSED' });
    await expect(http.request(`http://127.0.0.1:${port}/ok`)).rejects.toMatchObject({ code: 'COMMON.OUTBOUND_REFUSED' });
    expect(hits).toEqual([]);
  });
});
