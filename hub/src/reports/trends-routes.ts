import { addDays, localDayOf } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { areaName } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { periodSpans, type Trends, trends, zeroCategories } from './trends.ts';

const RANKED_DAYS = 30;

/** `GET /api/v1/trends`: periods against the previous ones, districts' mix, stations ranked; a viewer's district only. */
export function trendsRoutes(deps: HubContext): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/trends',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: { querystring: z.object({ district: areaName.optional() }), response: { 200: trends } },
      },
      async (request): Promise<Trends> => {
        const scope = {
          ...(request.query.district ? { district: request.query.district } : {}),
          ...operatorScope(authenticatedOperator(request)),
        };
        const area = scope.district === undefined ? {} : { district: scope.district };
        const reports = deps.store.reports;
        const today = localDay(deps.clock());
        const periods = await Promise.all(
          periodSpans(today).map(async ({ period, current, previous }) => {
            const [now, before] = await Promise.all([
              reports.areaVisits(area, ...current),
              reports.areaVisits(area, ...previous),
            ]);
            return {
              period,
              current: { from: current[0], to: current[1], visits: now },
              previous: { from: previous[0], to: previous[1], visits: before },
              change: before === 0 ? null : Math.round(((now - before) / before) * 1000) / 1000,
            };
          }),
        );
        const districts = new Map<string, Trends['districts'][number]>();
        for (const row of await reports.districtMix(area, `${today.slice(0, 7)}-01`, today)) {
          const d = districts.get(row.district) ?? { district: row.district, visits: 0, byCategory: zeroCategories() };
          d.byCategory[row.category] += row.visits;
          d.visits += row.visits;
          districts.set(row.district, d);
        }
        const from = addDays(today, 1 - RANKED_DAYS);
        const [figures, mix, live] = await Promise.all([
          reports.stationFigures(scope, from, today),
          reports.stationMix({ ...scope, from, to: today }),
          deps.store.sync.live(scope, today, today.slice(0, 4)),
        ]);
        const profile = new Map(live.map((s) => [s.stationId, s]));
        const mixOf = new Map<string, Trends['stations'][number]['byCategory']>();
        for (const row of mix) {
          const m = mixOf.get(row.stationId) ?? zeroCategories();
          m[row.category] += row.visits;
          mixOf.set(row.stationId, m);
        }
        const stations = figures.flatMap((f) => {
          const s = profile.get(f.stationId);
          if (!s) return [];
          return [
            {
              stationId: f.stationId,
              name: s.name,
              district: s.district,
              capacity: s.capacity,
              visits: f.visits,
              visitsPerSeat: Math.round((f.visits / Math.max(1, s.capacity)) * 10) / 10,
              busiestHour: f.busiestHour,
              applianceMinutesPerVisit:
                f.visits === 0 ? null : Math.round((f.applianceSeconds / 60 / f.visits) * 100) / 100,
              byCategory: mixOf.get(f.stationId) ?? zeroCategories(),
            },
          ];
        });
        stations.sort((a, b) => b.visitsPerSeat - a.visitsPerSeat || a.stationId.localeCompare(b.stationId));
        return { today, periods, districts: [...districts.values()], ranked: { from, to: today }, stations };
      },
    );
  };
}
