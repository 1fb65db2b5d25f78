import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { areaName } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { OfficeChange } from './office-feed.ts';
import { type OfficeLiveMessage, overview, statusList } from './schema.ts';
import { stationStatusReader } from './station-status.ts';

/** Changes are gathered for this long and sent as one update, so a busy fleet does not flood a browser. */
const COALESCE_MS = 150;

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
      const stations = new Set<string>();
      const changed = new Set<'alarms' | 'feedback' | 'schedules'>();
      let flush: NodeJS.Timeout | undefined;
      // Messages are made from asynchronous reads: chained, so they go out in order, the snapshot first.
      let sending: Promise<void> = Promise.resolve();
      const queue = (make: () => Promise<OfficeLiveMessage | undefined>) => {
        sending = sending
          .then(async () => {
            const message = await make();
            if (message && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          })
          .catch((err: unknown) => request.log.error({ err }, 'live update failed'));
      };
      const onChange = (change: OfficeChange) => {
        if (change.type === 'schedules') changed.add('schedules');
        else {
          stations.add(change.stationId);
          if (change.type !== 'station') changed.add(change.type);
        }
        flush ??= setTimeout(() => {
          flush = undefined;
          const ids = [...stations];
          const lists = [...changed];
          stations.clear();
          changed.clear();
          queue(async () => {
            const rows = (await Promise.all(ids.map((id) => reader.statuses({ ...scope, stationId: id })))).flat();
            // A viewer hears only about their district: hints for stations outside it are dropped too.
            const visible = scope.district === undefined || rows.length > 0 || lists.includes('schedules');
            if (!visible) return undefined;
            return { type: 'update', overview: await reader.overview(scope), stations: rows, changed: lists };
          });
        }, COALESCE_MS);
      };
      const off = deps.feed.on(onChange);
      queue(async () => ({
        type: 'snapshot',
        overview: await reader.overview(scope),
        stations: await reader.statuses(scope),
      }));
      socket.on('close', () => {
        off();
        clearTimeout(flush);
      });
    });
  };
}
