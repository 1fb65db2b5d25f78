/**
 * Remote appliance power (遥控断电): an admin switches an appliance's plug off and on from the station page.
 * The command goes to the station over its live channel; the station switches the plug in its own format
 * (Tasmota `cmnd/<t>/POWER`, Shelly `Switch.Set`) and its kiosk shows the appliance as switched off by the
 * office. Every command is logged with who asked, when, and what became of it.
 */

import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { offline } from '../channel/routes.ts';
import type { StationChannels } from '../channel/station-channels.ts';
import { HubError } from '../errors.ts';
import { stationParams, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, requireAdmin, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { nextCursor, pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import { type PowerOutcome, powerCommand, powerParams, powerRequest } from './schema.ts';

const POWER_TIMEOUT_MS = 5_000;

export function applianceRoutes(deps: HubContext & { channels: StationChannels }): FastifyPluginAsync {
  const { store, clock, channels } = deps;
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/v1/stations/:id/appliances/:device/power',
      {
        onRequest: requireAdmin(store, clock),
        bodyLimit: 1024,
        schema: { params: powerParams, body: powerRequest, response: { 200: powerCommand } },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const station = await viewableStation(store, operator, request.params.id);
        const { device } = request.params;
        const { on } = request.body;
        const at = new Date(clock()).toISOString();
        const asked = await channels.request(
          station.id,
          { type: 'appliance.power', device, on, by: operator.username },
          POWER_TIMEOUT_MS,
        );
        let outcome: PowerOutcome;
        if (!asked.ok) outcome = asked.reason;
        else if (asked.answer.type !== 'appliance.power.result') outcome = 'no-answer';
        else outcome = asked.answer.result.ok ? 'done' : asked.answer.result.reason;
        const command = await store.appliances.logPower({
          stationId: station.id,
          device,
          on,
          by: operator.username,
          at,
          outcome,
        });
        if (outcome === 'station-offline' || outcome === 'no-answer') throw offline(outcome);
        if (outcome === 'unknown-device') throw new HubError('YZ_ERR_NOT_FOUND', `the station has no device ${device}`);
        if (outcome !== 'done') {
          throw new HubError('YZ_ERR_BAD_REQUEST', `the station cannot switch ${device} (${outcome})`);
        }
        deps.feed.emit({ type: 'station', stationId: station.id });
        return command;
      },
    );

    api.get(
      '/api/v1/stations/:id/appliances/power-log',
      {
        onRequest: requireOperator(store, clock),
        schema: {
          params: stationParams,
          querystring: pageQuery,
          response: { 200: z.object({ commands: z.array(powerCommand), next: nextCursor }) },
        },
      },
      async (request) => {
        const station = await viewableStation(store, authenticatedOperator(request), request.params.id);
        const page = await store.appliances.powerLog(station.id, request.query);
        return { commands: page.items, ...nextOf(page) };
      },
    );
  };
}
