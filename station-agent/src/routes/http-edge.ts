/**
 * The agent's HTTP edge, on the same shared edge as the hub's: zod schemas on every route, one error body
 * (`{ error: { code, message, issues? } }`), the OpenAPI document at `/api/openapi.json`; every route with the
 * narrow sources it reads, and the kiosk's static files, precompressed at build time (kiosk-ui/vite.config.ts) and served as
 * the browser accepts them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import {
  collectRoutes,
  frameworkErrors,
  installErrorHandling,
  lazyOpenApiDocument,
  openApiRoute,
  zodSerializerCompiler,
  zodValidatorCompiler,
} from '@yizhan/shared/http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { SignInDesk } from '../door/sign-in.ts';
import { type DoorQrSources, doorQrRoutes } from './door-qr.ts';
import { type FeedbackSources, feedbackRoute } from './feedback.ts';
import { type HealthSources, healthRoutes } from './health.ts';
import { type KioskApiSources, kioskApi } from './kiosk-api.ts';
import { type KioskContentSources, kioskContentRoutes } from './kiosk-content.ts';
import { type LiveSources, liveRoute } from './live.ts';
import { signInRoute } from './sign-in.ts';

export interface AgentRoutes {
  health: HealthSources;
  kiosk: KioskApiSources;
  live: LiveSources;
  content: KioskContentSources;
  feedback: FeedbackSources;
  doorQr: DoorQrSources;
  signIn: SignInDesk;
  /** The built kiosk (kiosk-ui/dist); without it `/` says how to build it. */
  kioskDir: string | undefined;
}

const AGENT_API = {
  title: 'Yizhan station agent',
  description:
    "The kiosk's API, served to the station's own touchscreen. Errors are `{ error: { code, message, issues? } }`. " +
    '`GET /api/live` is a WebSocket: a snapshot, then every change (shared/src/live.ts).',
};

/** The agent's server, before any route. */
/** The agent's own address as the kiosk's Chromium has it open (the port may have been chosen at listen). */
export function localOrigin(http: FastifyInstance): string {
  const address = http.server.address();
  return typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/` : 'http://127.0.0.1/';
}

export function createHttp(logger: FastifyServerOptions['logger']): FastifyInstance {
  // Closing cuts kept-alive kiosk connections too, so a restart never waits for their timeout. A kiosk's
  // requests are a few hundred bytes. Router errors (a URL that does not decode) get the coded body too.
  return Fastify({ logger, bodyLimit: 64 * 1024, forceCloseConnections: true, frameworkErrors });
}

export async function registerRoutes(http: FastifyInstance, routes: AgentRoutes): Promise<void> {
  const collected = collectRoutes(http);
  http.setValidatorCompiler(zodValidatorCompiler);
  http.setSerializerCompiler(zodSerializerCompiler);
  installErrorHandling(http);
  await http.register(fastifyWebsocket);
  await http.register(healthRoutes(routes.health));
  await http.register(kioskApi(routes.kiosk));
  await http.register(liveRoute(routes.live));
  await http.register(kioskContentRoutes(routes.content));
  await http.register(feedbackRoute(routes.feedback));
  await http.register(doorQrRoutes(routes.doorQr));
  await http.register(signInRoute(routes.signIn));
  await http.register(openApiRoute('/api/openapi.json', lazyOpenApiDocument(collected, AGENT_API)));
  const { kioskDir } = routes;
  if (kioskDir && existsSync(join(kioskDir, 'index.html'))) {
    // Dotfiles stay unserved: a stray .env copied into the build must not reach the network. `preCompressed`:
    // the build's .br and .gz files (shared/src/build/precompress.ts) go to browsers that accept them, the plain file to
    // the rest; a build without them (an older one) is served as it is.
    const preCompressed = existsSync(join(kioskDir, 'index.html.gz'));
    await http.register(fastifyStatic, { root: kioskDir, index: false, dotfiles: 'ignore', preCompressed });
    // `/` by its own route: @fastify/static 10 answers a directory index 404 when it looks for a compressed one.
    http.get('/', (_req, reply) => reply.sendFile('index.html'));
    // The small screen beside the door: the same kiosk build, showing only the door QR and the door's moments.
    http.get('/door', (_req, reply) => reply.sendFile('index.html'));
  } else {
    http.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain').send('The kiosk is not built: run `pnpm --filter @yizhan/kiosk-ui build`.'),
    );
  }
}
