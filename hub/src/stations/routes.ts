import { localDayOf, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { calendarDate, stationParams, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, requireOperator, viewerArea } from '../http/principals.ts';
import { nextCursor, pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import type { HubStore } from '../store.ts';
import { dailyVisits, stationSummary } from './schema.ts';

/** The office's read API over stations (operator session required). */
export function stationRoutes(deps: { store: HubStore; clock: Clock; timezone: string }): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get(
      '/api/v1/stations',
      {
        schema: {
          querystring: pageQuery,
          response: { 200: z.object({ stations: z.array(stationSummary), next: nextCursor }) },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const filter = operator.role === 'district-viewer' ? viewerArea(operator) : {};
        const page = await deps.store.stations.list(filter, request.query);
        return { stations: page.items, ...nextOf(page) };
      },
    );

    api.get(
      '/api/v1/stations/:id/visits',
      {
        schema: {
          params: stationParams,
          querystring: z.object({ date: calendarDate.optional() }),
          response: { 200: dailyVisits },
        },
      },
      async (request) => {
        const station = await viewableStation(deps.store, authenticatedOperator(request), request.params.id);

        const date = request.query.date ?? localDay(deps.clock());
        const byCategory = Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])) as Record<WorkerCategory, number>;
        let total = 0;
        let walkIns = 0;
        for (const row of await deps.store.sync.dailyVisits(station.id, date)) {
          byCategory[row.category] += row.count;
          total += row.count;
          if (row.method === 'walk-in') walkIns += row.count;
        }
        const rejectedScans = Object.fromEntries(
          (await deps.store.sync.dailyRejections(station.id, date)).map((r) => [r.reason, r.count]),
        );
        return { station: station.id, date, total, byCategory, walkIns, rejectedScans };
      },
    );
  };
}
