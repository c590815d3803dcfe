import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** Strict-Transport-Security max-age; 0 sends no HSTS header (TLS usually ends at a proxy that sets it). */
  hstsMaxAgeSeconds: number;
}

/**
 * The policy every response carries. The API answers JSON only, so the one page it serves is
 * Swagger UI at /docs: its scripts and stylesheets are files of this origin, its HTML has two
 * inline <style> blocks (hence 'unsafe-inline' for styles only) and its icons are data: URIs.
 * No inline script, no framing by anyone (clickjacking), no plugins, forms post only here.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every response (@fastify/helmet), and `Cache-Control: no-store` on every
 * response that does not set its own caching: API answers carry tokens, API keys, secrets and
 * tenant data, and one rule for all of them cannot forget the next endpoint that returns a secret.
 */
export async function installSecurityHeaders(fastify: FastifyInstance, options: SecurityHeaderOptions): Promise<void> {
  await fastify.register(helmet, {
    // helmet's default policy adds upgrade-insecure-requests, which breaks /docs served over plain HTTP.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    hsts: options.hstsMaxAgeSeconds > 0 ? { maxAge: options.hstsMaxAgeSeconds, includeSubDomains: true } : false,
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
