import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConfigType } from '@switchyard/config';
import { importsConfig } from '../../imports.config';

/**
 * POST /v1/imports takes a whole tasks.json, so its body limit is IMPORT_MAX_BYTES instead of the
 * service-wide BODY_LIMIT_BYTES; a larger file answers 413 (COMMON.PAYLOAD_TOO_LARGE) before it
 * is parsed. Fastify takes a route's limit from its options, so this sets it when the route is
 * registered (providers are built before Nest registers routes).
 */
@Injectable()
export class ImportBodyLimit {
  constructor(adapterHost: HttpAdapterHost, @Inject(importsConfig.KEY) config: ConfigType<typeof importsConfig>) {
    const fastify = adapterHost.httpAdapter?.getInstance?.() as
      | { addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string; bodyLimit?: number }) => void): void }
      | undefined;
    if (!fastify || typeof fastify.addHook !== 'function') return; // no HTTP server (the CLI)
    fastify.addHook('onRoute', (route) => {
      if (route.url === '/v1/imports' && (route.method === 'POST' || (Array.isArray(route.method) && route.method.includes('POST'))))
        route.bodyLimit = config.maxBytes;
    });
  }
}
