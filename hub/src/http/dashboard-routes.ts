import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** The office's dashboard (a built Preact app) at `/`; it routes by URL hash, so no fallback is needed. */
export function dashboardRoutes(root: string): FastifyPluginAsync {
  return async (app) => {
    // Dotfiles stay unserved: a stray .env copied into the build must not reach the network.
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      cacheControl: false,
      dotfiles: 'ignore',
    });
  };
}
