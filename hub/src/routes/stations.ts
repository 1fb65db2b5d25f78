import { SCAN_REJECTIONS, stationId, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { type Clock, localDayOf } from '../clock.ts';
import { HubError } from '../errors.ts';
import { assertCanView, authenticatedOperator, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { HubStore } from '../store/hub-store.ts';

const stationSummary = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacity: z.number().int(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  lastSeenAt: z.string().nullable(),
});

const calendarDate = z.iso.date();

const dailyVisits = z.object({
  station: z.string(),
  date: calendarDate,
  total: z.number().int(),
  byCategory: z.record(z.enum(WORKER_CATEGORIES), z.number().int()),
  walkIns: z.number().int(),
  /** Only the reasons that occurred that day. */
  rejectedScans: z.partialRecord(z.enum(SCAN_REJECTIONS), z.number().int()),
});
export type DailyVisits = z.infer<typeof dailyVisits>;

/** The office's read API over stations (operator session required). */
export function stationRoutes(deps: { store: HubStore; clock: Clock; timezone: string }): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get(
      '/api/v1/stations',
      { schema: { response: { 200: z.object({ stations: z.array(stationSummary) }) } } },
      async (request) => {
        const operator = authenticatedOperator(request);
        const filter = operator.role === 'district-viewer' ? { district: operator.district! } : {};
        const stations = deps.store.stations.list(filter).map(({ createdAt: _, ...summary }) => summary);
        return { stations };
      },
    );

    api.get(
      '/api/v1/stations/:id/visits',
      {
        schema: {
          params: z.object({ id: stationId }),
          querystring: z.object({ date: calendarDate.optional() }),
          response: { 200: dailyVisits },
        },
      },
      async (request) => {
        const station = deps.store.stations.get(request.params.id);
        if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${request.params.id}`);
        assertCanView(authenticatedOperator(request), station.district);

        const date = request.query.date ?? localDay(deps.clock());
        const byCategory = Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])) as Record<WorkerCategory, number>;
        let total = 0;
        let walkIns = 0;
        for (const row of deps.store.events.dailyVisits(station.id, date)) {
          byCategory[row.category] += row.count;
          total += row.count;
          if (row.method === 'walk-in') walkIns += row.count;
        }
        const rejectedScans = Object.fromEntries(
          deps.store.events.dailyRejections(station.id, date).map((r) => [r.reason, r.count]),
        );
        return { station: station.id, date, total, byCategory, walkIns, rejectedScans };
      },
    );
  };
}
