import type { WebSocket } from '@fastify/websocket';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MapSettings } from '../config.ts';
import { HubError } from '../errors.ts';
import { authenticatedOperator, requireAdmin } from '../http/principals.ts';
import { tokenHash } from '../http/secret-token.ts';
import type { HubContext } from '../hub-context.ts';
import { serveLiveSocket } from '../live/live-socket.ts';
import { stationStatusReader } from '../live/station-status.ts';
import type { StationScope } from '../scope.ts';
import { SCREEN_TOKEN_PREFIX, screenAdmin } from './admin.ts';
import { tilesOf } from './map-routes.ts';
import {
  newScreenToken,
  type ScreenMessage,
  type ScreenToken,
  screenMessage,
  screenTokenInput,
  screenTokenList,
} from './schema.ts';
import { screenReader } from './screen-data.ts';

const SCREENS_LISTED = 100;
/** A revoked screen's socket is closed with this (a 4000-range application code): it does not come back. */
export const SCREEN_REVOKED = 4403;

/**
 * The office's big screen: read-only links an admin makes and revokes, the screen's picture over REST and its live
 * socket. A screen token reads only what the screen shows, of its district or of the whole hub.
 */
export function screenRoutes(deps: HubContext, map: MapSettings): FastifyPluginAsync {
  const admin = screenAdmin(deps.store, deps.clock);
  const status = stationStatusReader(deps);
  const screens = screenReader(deps);
  const nowIso = () => new Date(deps.clock()).toISOString();
  /** Open sockets by screen, so a revoke closes them at once (in this process). */
  const open = new Map<string, Set<WebSocket>>();

  const screenOf = async (request: FastifyRequest): Promise<ScreenToken> => {
    const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const query = (request.query as { token?: unknown } | undefined)?.token;
    const token = header ?? (typeof query === 'string' ? query : undefined);
    const screen = token?.startsWith(SCREEN_TOKEN_PREFIX)
      ? await deps.store.screens.findByTokenHash(tokenHash(token))
      : undefined;
    if (!screen) throw new HubError('YZ_ERR_UNAUTHENTICATED', 'a valid screen link is required');
    return screen;
  };
  /** Whether the request's link is still a screen's; a failure to ask is thrown, not taken for a revocation. */
  const stillValid = (request: FastifyRequest): Promise<boolean> =>
    screenOf(request).then(
      () => true,
      (err: unknown) => {
        if (err instanceof HubError && err.code === 'YZ_ERR_UNAUTHENTICATED') return false;
        throw err;
      },
    );
  const scopeOf = (screen: ScreenToken): StationScope => (screen.district ? { district: screen.district } : {});

  const snapshot = async (screen: ScreenToken): Promise<Extract<ScreenMessage, { type: 'snapshot' }>> => {
    const scope = scopeOf(screen);
    const [overview, stations, figures, events] = await Promise.all([
      status.overview(scope),
      status.statuses(scope),
      screens.figures(scope),
      screens.events(scope),
    ]);
    return { type: 'snapshot', title: screen.name, map: tilesOf(map), overview, stations, figures, events };
  };

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const adminOnly = { onRequest: requireAdmin(deps.store, deps.clock) };

    api.get('/api/v1/screen-tokens', { ...adminOnly, schema: { response: { 200: screenTokenList } } }, async () => ({
      screens: await deps.store.screens.list(SCREENS_LISTED),
    }));

    api.post(
      '/api/v1/screen-tokens',
      { ...adminOnly, schema: { body: screenTokenInput, response: { 201: newScreenToken } } },
      async (request, reply) =>
        reply.status(201).send(await admin.createScreen(request.body, authenticatedOperator(request).username)),
    );

    api.delete(
      '/api/v1/screen-tokens/:id',
      { ...adminOnly, schema: { params: z.object({ id: z.string().min(1).max(64) }) } },
      async (request, reply) => {
        if (!(await deps.store.screens.revoke(request.params.id, nowIso()))) {
          throw new HubError('YZ_ERR_NOT_FOUND', `no screen ${request.params.id} to revoke`);
        }
        for (const socket of open.get(request.params.id) ?? []) socket.close(SCREEN_REVOKED, 'revoked');
        return reply.status(204).send();
      },
    );

    api.get('/api/v1/screen', { schema: { response: { 200: screenMessage.options[0] } } }, async (request) =>
      snapshot(await screenOf(request)),
    );

    app.get(
      '/api/v1/screen/live',
      {
        websocket: true,
        // The browser cannot send a header on a socket: the token comes in the query, and is cut from the logs.
        preValidation: async (request) => {
          await screenOf(request);
        },
      },
      async (socket, request) => {
        const screen = await screenOf(request);
        const scope = scopeOf(screen);
        const sockets = open.get(screen.id) ?? new Set();
        open.set(screen.id, sockets.add(socket));
        socket.on('close', () => {
          sockets.delete(socket);
          if (sockets.size === 0) open.delete(screen.id);
        });
        serveLiveSocket<ScreenMessage>(socket, deps.feed, request.log, {
          // The figures first, the stations' rows in a message of their own: at ten thousand stations the rows
          // are most of the bytes, and the screen shows its figures before it reads them.
          snapshot: async () => {
            const whole = await snapshot(screen);
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ ...whole, stations: [] }));
            return { type: 'stations', stations: whole.stations };
          },
          update: async (ids, lists) => {
            // A link revoked through another hub process (or while this socket was opening) ends here.
            if (!(await stillValid(request))) {
              socket.close(SCREEN_REVOKED, 'revoked');
              return undefined;
            }
            const rows = (await Promise.all(ids.map((id) => status.statuses({ ...scope, stationId: id })))).flat();
            if (rows.length === 0 && !lists.includes('schedules')) return undefined;
            const [overview, figures] = await Promise.all([status.overview(scope), screens.figures(scope)]);
            return {
              type: 'update',
              overview,
              stations: rows,
              figures,
              ...(lists.includes('schedules') ? { events: await screens.events(scope) } : {}),
            };
          },
        });
      },
    );
  };
}
