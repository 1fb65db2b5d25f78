import { stationId } from '@yizhan/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { authenticatedOperator, operatorScope, requireAdmin, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import { alarmStatus, alarmSummary, summarizeAlarms } from '../office/case-stats.ts';
import { instantRange } from '../office/local-range.ts';
import type { OfficeDeps } from '../office/office-deps.ts';
import { calendarDate, existingStation, viewableStation } from '../office/office-input.ts';
import type { AlarmRecord } from '../store/office-store.ts';

const ALARM_STATUSES = ['open', 'acknowledged', 'cleared'] as const;

const alarmView = z.object({
  stationId: z.string(),
  stationName: z.string(),
  alarmId: z.string(),
  rule: z.string(),
  device: z.string().nullable(),
  detail: z.string(),
  status: z.enum(ALARM_STATUSES),
  raisedAt: z.string(),
  ackedAt: z.string().nullable(),
  ackedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
});

/** Alarms from the stations (via sync) with their summary; admins acknowledge them. */
export function alarmRoutes(deps: OfficeDeps): FastifyPluginAsync {
  const view = (a: AlarmRecord) => ({
    ...a,
    stationName: deps.store.stations.get(a.stationId)?.name ?? a.stationId,
    status: alarmStatus(a),
  });
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/alarms',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: {
          querystring: z.object({
            status: z.enum(ALARM_STATUSES).optional(),
            station: stationId.optional(),
            from: calendarDate.optional(),
            to: calendarDate.optional(),
          }),
          response: { 200: z.object({ alarms: z.array(alarmView), summary: alarmSummary }) },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const { status, station, from, to } = request.query;
        if (station) viewableStation(deps.store, operator, station);
        const range = from && to ? instantRange(deps.zone, from, to) : {};
        const alarms = deps.store.office.alarms({ ...operatorScope(operator, station), ...range });
        const shown = status ? alarms.filter((a) => alarmStatus(a) === status) : alarms;
        return { alarms: shown.slice(0, 500).map(view), summary: summarizeAlarms(alarms) };
      },
    );

    api.post(
      '/api/v1/stations/:id/alarms/:alarmId/acknowledge',
      {
        onRequest: requireAdmin(deps.store, deps.clock),
        schema: {
          params: z.object({ id: stationId, alarmId: z.string().min(1).max(128) }),
          response: { 200: alarmView },
        },
      },
      async (request) => {
        const { id, alarmId } = request.params;
        existingStation(deps.store, id);
        const at = new Date(deps.clock()).toISOString();
        const alarm = deps.store.office.acknowledgeAlarm(id, alarmId, authenticatedOperator(request).username, at);
        if (!alarm) throw new HubError('YZ_ERR_NOT_FOUND', `no alarm ${alarmId} at ${id}`);
        deps.feed.emit({ type: 'alarms', stationId: id });
        return view(alarm);
      },
    );
  };
}
