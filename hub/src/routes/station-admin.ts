import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { HubAdmin } from '../hub-admin.ts';
import { servicesInput, stationChangeInput, stationInput } from '../hub-admin.ts';
import type { OfficeDeps } from '../office/office-deps.ts';
import { stationParams } from '../office/office-input.ts';
import type { StationRecord } from '../store/hub-store.ts';

export const stationRecord = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacity: z.number().int(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  services: z.array(z.string()),
  open24h: z.boolean(),
  hours: z.string().nullable(),
});

const issuedToken = z.object({
  station: stationRecord,
  /** Shown once: only its hash is stored. */
  token: z.string(),
});

/** The station registry's changes (admins only): add, edit, retire, rotate the token, set the service catalog. */
export function stationAdminRoutes(deps: OfficeDeps & { admin: HubAdmin }): FastifyPluginAsync {
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
        const { stationId, token } = deps.admin.addStation(profile);
        const station = deps.admin.editStation(stationId, {
          ...(open24h === undefined ? {} : { open24h }),
          ...(hours === undefined ? {} : { hours }),
        });
        return reply.status(201).send({ station: changed(station), token });
      },
    );

    api.patch(
      '/api/v1/stations/:id',
      { schema: { params: stationParams, body: stationChangeInput, response: { 200: stationRecord } } },
      async (request) => changed(deps.admin.editStation(request.params.id, request.body)),
    );

    api.post(
      '/api/v1/stations/:id/retire',
      { schema: { params: stationParams, response: { 200: stationRecord } } },
      async (request) => changed(deps.admin.retireStation(request.params.id)),
    );

    api.post(
      '/api/v1/stations/:id/token',
      { schema: { params: stationParams, response: { 200: issuedToken } } },
      async (request) => {
        const { token } = deps.admin.rotateStationToken(request.params.id);
        return { station: deps.store.stations.get(request.params.id)!, token };
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
      async (request) => changed(deps.admin.setStationServices(request.params.id, request.body.services)),
    );
  };
}
