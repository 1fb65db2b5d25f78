import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The office's dashboard (a built Preact app) at `/`; it routes by URL hash, so no fallback is needed. The build's
 * .br and .gz copies (shared/src/build/precompress.ts) go to browsers that accept them, the plain file to the rest.
 */
export function dashboardRoutes(root: string): FastifyPluginAsync {
  return async (app) => {
    // Dotfiles stay unserved: a stray .env copied into the build must not reach the network.
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: false,
      cacheControl: false,
      dotfiles: 'ignore',
      preCompressed: existsSync(join(root, 'index.html.gz')),
    });
    // `/` by its own route: @fastify/static 10 answers a directory index 404 when it looks for a compressed one.
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'));
    // The office's big screen, a page of its own (its token comes in the URL's fragment).
    app.get('/screen', { schema: { hide: true } }, (_request, reply) => reply.sendFile('screen.html'));
  };
}
