/**
 * The live channel's routes: the stations' socket (`/api/v1/stations/:id/live`, station token, its own station
 * only), and what the office reads and asks through it: whether a station is connected with a live kiosk, and a
 * picture of its kiosk's screen.
 */

import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { stationParams, viewableStation } from '../http/office-input.ts';
import {
  assertOwnStation,
  authenticatedOperator,
  requireAdmin,
  requireOperator,
  requireStation,
} from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { channelStatus } from './schema.ts';
import type { StationChannels } from './station-channels.ts';

/** A kiosk's screen is taken and sent within this, or the office is told the station did not answer. */
const SCREEN_TIMEOUT_MS = 15_000;

export function channelRoutes(deps: HubContext & { channels: StationChannels }): FastifyPluginAsync {
  const { store, clock, channels } = deps;
  // Before the upgrade: a token of another station is refused with a plain 403, never let onto the channel.
  const ownStation = async (request: FastifyRequest) => {
    const parsed = stationParams.safeParse(request.params);
    if (!parsed.success) throw new HubError('YZ_ERR_INVALID_PARAMS', 'invalid params');
    assertOwnStation(request, parsed.data.id);
  };
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/stations/:id/live',
      { websocket: true, onRequest: [requireStation(store), ownStation], schema: { params: stationParams } },
      (socket, request) => channels.attach(request.params.id, socket, request.log),
    );

    api.get(
      '/api/v1/stations/:id/channel',
      {
        onRequest: requireOperator(store, clock),
        schema: { params: stationParams, response: { 200: channelStatus } },
      },
      async (request) => {
        const station = await viewableStation(store, authenticatedOperator(request), request.params.id);
        const now = new Date(Date.now()).toISOString();
        const [connection, kiosk, screen, log] = await Promise.all([
          store.channel.connection(station.id, now),
          store.channel.kioskHealth(station.id),
          store.channel.screen(station.id),
          store.appliances.powerLog(station.id, { limit: 100 }),
        ]);
        return {
          connected: connection !== undefined,
          connectedAt: connection?.connectedAt ?? null,
          kiosk: kiosk ?? null,
          screenTakenAt: screen?.takenAt ?? null,
          appliances: (connection?.appliances ?? []).map((a) => {
            const last = log.items.find((c) => c.device === a.id);
            return { ...a, last: last ? { on: last.on, by: last.by, at: last.at, outcome: last.outcome } : null };
          }),
        };
      },
    );

    api.post(
      '/api/v1/stations/:id/screen',
      {
        onRequest: requireAdmin(store, clock),
        schema: { params: stationParams, response: { 201: z.object({ takenAt: z.string() }) } },
      },
      async (request, reply) => {
        const station = await viewableStation(store, authenticatedOperator(request), request.params.id);
        const asked = await channels.request(
          station.id,
          { type: 'screen.capture' },
          SCREEN_TIMEOUT_MS,
          authenticatedOperator(request).username,
        );
        if (!asked.ok) throw offline(asked.reason);
        const { answer } = asked;
        if (answer.type === 'screen.saved') return reply.status(201).send({ takenAt: answer.takenAt });
        if (answer.type === 'screen.capture.result' && !answer.result.ok) {
          throw new HubError(
            'YZ_ERR_STATION_NO_ANSWER',
            `the station could not take a picture (${answer.result.reason})`,
          );
        }
        throw new HubError('YZ_ERR_STATION_NO_ANSWER', 'the station answered something else');
      },
    );

    api.get(
      '/api/v1/stations/:id/screen.png',
      { onRequest: requireOperator(store, clock), schema: { params: stationParams } },
      async (request, reply) => {
        const station = await viewableStation(store, authenticatedOperator(request), request.params.id);
        const screen = await store.channel.screen(station.id);
        if (!screen) throw new HubError('YZ_ERR_NOT_FOUND', 'no picture of this station’s screen has been taken');
        return reply
          .type('image/png')
          .header('cache-control', 'no-store')
          .header('x-taken-at', screen.takenAt)
          .send(screen.png);
      },
    );
  };
}

/** The coded error for a station that could not be asked. */
export function offline(reason: 'station-offline' | 'no-answer'): HubError {
  return reason === 'station-offline'
    ? new HubError('YZ_ERR_STATION_OFFLINE', 'the station is not connected to the hub right now')
    : new HubError('YZ_ERR_STATION_NO_ANSWER', 'the station did not answer in time');
}
