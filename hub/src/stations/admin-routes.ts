import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { stationParams } from '../http/office-input.ts';
import { requireAdmin } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import type { StationAdmin } from './admin.ts';
import {
  issuedToken,
  type StationRecord,
  servicesInput,
  stationChangeInput,
  stationInput,
  stationRecord,
} from './schema.ts';

/** The station registry's changes (admins only): add, edit, retire, rotate the token, set the service catalog. */
export function stationAdminRoutes(deps: HubContext & { admin: StationAdmin }): FastifyPluginAsync {
  const changed = (station: StationRecord) => {
    deps.feed.emit({ type: 'station', stationId: station.id });
    return station;
  };
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireAdmin(deps.store, deps.clock));

    api.post(
      '/api/v1/stations',
      {
        schema: {
          body: stationInput.extend({ open24h: z.boolean().optional(), hours: stationChangeInput.shape.hours }),
          response: { 201: issuedToken },
        },
      },
      async (request, reply) => {
        const { open24h, hours, ...profile } = request.body;
        const { stationId, token } = await deps.admin.addStation(profile);
        const station = await deps.admin.editStation(stationId, {
          ...(open24h === undefined ? {} : { open24h }),
          ...(hours === undefined ? {} : { hours }),
        });
        return reply.status(201).send({ station: changed(station), token });
      },
    );

    api.patch(
      '/api/v1/stations/:id',
      { schema: { params: stationParams, body: stationChangeInput, response: { 200: stationRecord } } },
      async (request) => changed(await deps.admin.editStation(request.params.id, request.body)),
    );

    api.post(
      '/api/v1/stations/:id/retire',
      { schema: { params: stationParams, response: { 200: stationRecord } } },
      async (request) => changed(await deps.admin.retireStation(request.params.id)),
    );

    api.post(
      '/api/v1/stations/:id/token',
      { schema: { params: stationParams, response: { 200: issuedToken } } },
      async (request) => {
        const { token } = await deps.admin.rotateStationToken(request.params.id);
        return { station: (await deps.store.stations.get(request.params.id))!, token };
      },
    );

    api.put(
      '/api/v1/stations/:id/services',
      {
        schema: {
          params: stationParams,
          body: z.object({ services: servicesInput }),
          response: { 200: stationRecord },
        },
      },
      async (request) => changed(await deps.admin.setStationServices(request.params.id, request.body.services)),
    );
  };
}
