import Fastify from 'fastify';
import { installSecurityHeaders } from './security-headers';

async function headersWith(hstsMaxAgeSeconds: number, route: (reply: { header: (name: string, value: string) => unknown }) => void = () => undefined) {
  const fastify = Fastify();
  await installSecurityHeaders(fastify, { hstsMaxAgeSeconds });
  fastify.get('/', (_request, reply) => {
    route(reply);
    return { ok: true };
  });
  const response = await fastify.inject({ url: '/' });
  await fastify.close();
  return response.headers;
}

describe('installSecurityHeaders', () => {
  it('sends nosniff, DENY, the CSP and no-store; no HSTS by default', async () => {
    const headers = await headersWith(0);
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store' });
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when a max-age is configured', async () => {
    expect((await headersWith(31_536_000))['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it("keeps a route's own Cache-Control", async () => {
    expect((await headersWith(0, (reply) => reply.header('cache-control', 'public, max-age=60')))['cache-control']).toBe('public, max-age=60');
  });
});
