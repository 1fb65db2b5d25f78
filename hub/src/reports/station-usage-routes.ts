import { instantRange, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { dayRangeQuery, stationParams, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { stationStatus } from '../live/schema.ts';
import { stationStatusReader } from '../live/station-status.ts';
import { deviceLabelOf } from '../stations/device-names.ts';
import { stationRecord } from '../stations/schema.ts';
import { type StationUsage, stationUsage } from './schema.ts';

const zeroCategories = () => Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])) as Record<WorkerCategory, number>;

/** One station for the dashboard's station page: its record, live status and usage over a range. */
export function stationUsageRoutes(deps: HubContext): FastifyPluginAsync {
  const reader = stationStatusReader(deps);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.addHook('onRequest', requireOperator(deps.store, deps.clock));

    api.get(
      '/api/v1/stations/:id',
      {
        schema: {
          params: stationParams,
          response: { 200: z.object({ station: stationRecord, status: stationStatus.nullable() }) },
        },
      },
      async (request) => {
        const station = await viewableStation(deps.store, authenticatedOperator(request), request.params.id);
        return { station, status: (await reader.statuses({ stationId: station.id }))[0] ?? null };
      },
    );

    api.get(
      '/api/v1/stations/:id/usage',
      { schema: { params: stationParams, querystring: dayRangeQuery, response: { 200: stationUsage } } },
      async (request) => {
        const station = await viewableStation(deps.store, authenticatedOperator(request), request.params.id);
        const { from, to } = request.query;
        const range = { from, to, stationId: station.id };
        const reports = deps.store.reports;
        const instants = { ...instantRange(deps.zone, from, to), stationId: station.id };
        const [byDay, byHour, appliancesUsed, occupancyDays, rejections, members, alarms, feedback, devices] =
          await Promise.all([
            reports.visits(range, 'day'),
            reports.visits(range, 'hour'),
            reports.applianceUse(range),
            reports.occupancy(range),
            reports.rejections(range),
            reports.distinctMembers(range, 'range'),
            deps.store.alarms.summary(instants),
            deps.store.feedback.summary(instants),
            deps.store.stations.devices([station.id]),
          ]);

        const days = new Map<string, StationUsage['days'][number]>();
        for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
          const day = new Date(t).toISOString().slice(0, 10);
          days.set(day, { day, total: 0, walkIns: 0, byCategory: zeroCategories() });
        }
        for (const row of byDay) {
          const d = days.get(row.period)!;
          d.total += row.count;
          d.byCategory[row.category] += row.count;
          if (row.method === 'walk-in') d.walkIns += row.count;
        }
        const hours = Array.from({ length: 24 }, () => 0);
        for (const row of byHour) hours[Number(row.period.slice(11, 13))]! += row.count;

        const appliances = new Map<string, StationUsage['appliances'][number]>();
        for (const row of appliancesUsed) {
          const a = appliances.get(row.device) ?? {
            device: row.device,
            label: deviceLabelOf(devices.get(station.id), row.device),
            sessions: 0,
            minutes: 0,
          };
          a.sessions += row.sessions;
          a.minutes += row.seconds / 60;
          appliances.set(row.device, a);
        }
        let peak: number | null = null;
        let insideSum = 0;
        let samples = 0;
        for (const row of occupancyDays) {
          peak = Math.max(peak ?? 0, row.peak);
          insideSum += (row.average ?? 0) * row.samples;
          samples += row.samples;
        }
        const rejectedScans: StationUsage['rejectedScans'] = {};
        for (const row of rejections) rejectedScans[row.reason] = (rejectedScans[row.reason] ?? 0) + row.count;

        return {
          station: station.id,
          from,
          to,
          days: [...days.values()],
          hours,
          distinctMembers: members[0]?.members ?? 0,
          appliances: [...appliances.values()].map((a) => ({ ...a, minutes: Math.round(a.minutes * 10) / 10 })),
          occupancy: { peak, average: samples === 0 ? null : Math.round((insideSum / samples) * 100) / 100 },
          rejectedScans,
          alarms,
          feedback,
        };
      },
    );
  };
}
