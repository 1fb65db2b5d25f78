import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { areaName } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import { serveLiveSocket } from './live-socket.ts';
import { type OfficeLiveMessage, overview, statusList } from './schema.ts';
import { stationStatusReader } from './station-status.ts';

/** The dashboard's overview and status list, and their live socket. */
export function officeStatusRoutes(deps: HubContext): FastifyPluginAsync {
  const reader = stationStatusReader(deps);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    // An admin may narrow either to a district; a district viewer always sees their own.
    const scopeOf = (request: FastifyRequest, district: string | undefined): StationScope => ({
      ...(district === undefined ? {} : { district }),
      ...operatorScope(authenticatedOperator(request)),
    });

    api.get(
      '/api/v1/overview',
      { schema: { querystring: z.object({ district: areaName.optional() }), response: { 200: overview } } },
      async (request) => reader.overview(scopeOf(request, request.query.district)),
    );

    api.get(
      '/api/v1/status',
      {
        schema: { querystring: pageQuery.extend({ district: areaName.optional() }), response: { 200: statusList } },
      },
      async (request) => {
        const { district, limit, before } = request.query;
        const page = await reader.statusPage(scopeOf(request, district), { limit, before });
        return { stations: page.items, ...nextOf(page) };
      },
    );

    app.get('/api/v1/live', { websocket: true }, (socket, request) => {
      const scope = operatorScope(authenticatedOperator(request));
      serveLiveSocket<OfficeLiveMessage>(socket, deps.feed, request.log, {
        snapshot: async () => ({
          type: 'snapshot',
          overview: await reader.overview(scope),
          stations: await reader.statuses(scope),
        }),
        update: async (ids, lists) => {
          const rows = (await Promise.all(ids.map((id) => reader.statuses({ ...scope, stationId: id })))).flat();
          // A viewer hears only about their district: hints for stations outside it are dropped too.
          const visible = scope.district === undefined || rows.length > 0 || lists.includes('schedules');
          if (!visible) return undefined;
          return { type: 'update', overview: await reader.overview(scope), stations: rows, changed: lists };
        },
      });
    });
  };
}
