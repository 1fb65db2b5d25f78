/**
 * The agent's HTTP edge: every route with the narrow sources it reads, one error handler that hides 5xx
 * details, and the kiosk's static files, precompressed at build time (kiosk-ui/vite.config.ts) and served as
 * the browser accepts them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { AgentError } from '../errors.ts';
import { type FeedbackSources, feedbackRoute } from './feedback.ts';
import { type HealthSources, healthRoutes } from './health.ts';
import { type KioskApiSources, kioskApi } from './kiosk-api.ts';
import { type KioskContentSources, kioskContentRoutes } from './kiosk-content.ts';
import { type LiveSources, liveRoute } from './live.ts';

export interface AgentRoutes {
  health: HealthSources;
  kiosk: KioskApiSources;
  live: LiveSources;
  content: KioskContentSources;
  feedback: FeedbackSources;
  /** The built kiosk (kiosk-ui/dist); without it `/` says how to build it. */
  kioskDir: string | undefined;
}

export async function registerRoutes(http: FastifyInstance, routes: AgentRoutes): Promise<void> {
  await http.register(fastifyWebsocket);
  http.setErrorHandler((err, req, reply) => {
    if (err instanceof AgentError && err.status !== 500) {
      return reply.code(err.status).send({ error: err.code, message: err.message });
    }
    // Fastify's own client errors (bad JSON, body too large) keep their status and message.
    const { statusCode, message } = err as { statusCode?: number; message?: string };
    if (statusCode && statusCode < 500) return reply.code(statusCode).send({ error: 'YZ_ERR_BAD_REQUEST', message });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'YZ_ERR_INTERNAL', message: 'internal error' });
  });
  await http.register(healthRoutes(routes.health));
  await http.register(kioskApi(routes.kiosk));
  await http.register(liveRoute(routes.live));
  await http.register(kioskContentRoutes(routes.content));
  await http.register(feedbackRoute(routes.feedback));
  const { kioskDir } = routes;
  if (kioskDir && existsSync(join(kioskDir, 'index.html'))) {
    // Dotfiles stay unserved: a stray .env copied into the build must not reach the network. `preCompressed`:
    // the build's .br and .gz files (kiosk-ui/precompress.ts) go to browsers that accept them, the plain file to
    // the rest; a build without them (an older one) is served as it is.
    const preCompressed = existsSync(join(kioskDir, 'index.html.gz'));
    await http.register(fastifyStatic, { root: kioskDir, index: false, dotfiles: 'ignore', preCompressed });
    // `/` by its own route: @fastify/static 10 answers a directory index 404 when it looks for a compressed one.
    http.get('/', (_req, reply) => reply.sendFile('index.html'));
  } else {
    http.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send('The kiosk is not built: run `pnpm --filter @yizhan/kiosk-ui build`.'),
    );
  }
}
