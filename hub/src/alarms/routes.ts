import { instantRange, stationId } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { calendarDate, existingStation, optionalDayRange, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, operatorScope, requireAdmin, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import { pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import { type AlarmRecord, alarmList, alarmStatus, alarmView } from './schema.ts';
import { alarmViews } from './views.ts';

/** Alarms from the stations (via sync) with their summary; admins acknowledge them. */
export function alarmRoutes(deps: HubContext): FastifyPluginAsync {
  const views = (alarms: AlarmRecord[]) => alarmViews(deps.store, alarms);
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/alarms',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: {
          querystring: optionalDayRange(
            pageQuery.extend({
              status: alarmStatus.optional(),
              station: stationId.optional(),
              from: calendarDate.optional(),
              to: calendarDate.optional(),
            }),
          ),
          response: { 200: alarmList },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const { status, station, from, to, limit, before } = request.query;
        if (station) await viewableStation(deps.store, operator, station);
        const range = from && to ? instantRange(deps.zone, from, to) : {};
        const query = { ...operatorScope(operator, station), ...range };
        const [page, summary] = await Promise.all([
          deps.store.alarms.list({ ...query, ...(status ? { status } : {}) }, { limit, before }),
          deps.store.alarms.summary(query),
        ]);
        return { alarms: await views(page.items), ...nextOf(page), summary };
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
        await existingStation(deps.store, id);
        const at = new Date(deps.clock()).toISOString();
        const alarm = await deps.store.alarms.acknowledge(id, alarmId, authenticatedOperator(request).username, at);
        if (!alarm) throw new HubError('YZ_ERR_NOT_FOUND', `no alarm ${alarmId} at ${id}`);
        deps.feed.emit({ type: 'alarms', stationId: id });
        return (await views([alarm]))[0]!;
      },
    );
  };
}
