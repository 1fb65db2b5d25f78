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
import { feedbackCase, feedbackChange, feedbackList, feedbackStatus } from './schema.ts';

/**
 * Feedback cases from the kiosks, worked through the union's loop: collect → assess on site → assign →
 * follow up → resolved. The reply goes back to the station in its bundle.
 */
export function feedbackRoutes(deps: HubContext): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/feedback',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: {
          querystring: optionalDayRange(
            pageQuery.extend({
              status: feedbackStatus.optional(),
              station: stationId.optional(),
              from: calendarDate.optional(),
              to: calendarDate.optional(),
            }),
          ),
          response: { 200: feedbackList },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const { status, station, from, to, limit, before } = request.query;
        if (station) await viewableStation(deps.store, operator, station);
        const range = from && to ? instantRange(deps.zone, from, to) : {};
        const query = { ...operatorScope(operator, station), ...range };
        const [page, summary] = await Promise.all([
          deps.store.feedback.list({ ...query, ...(status ? { status } : {}) }, { limit, before }),
          deps.store.feedback.summary(query),
        ]);
        return { cases: page.items, ...nextOf(page), summary };
      },
    );

    api.patch(
      '/api/v1/stations/:id/feedback/:feedbackId',
      {
        onRequest: requireAdmin(deps.store, deps.clock),
        schema: {
          params: z.object({ id: stationId, feedbackId: z.string().min(1).max(64) }),
          body: feedbackChange,
          response: { 200: feedbackCase },
        },
      },
      async (request) => {
        const { id, feedbackId } = request.params;
        await existingStation(deps.store, id);
        const at = new Date(deps.clock()).toISOString();
        const updated = await deps.store.feedback.update(id, feedbackId, request.body, at);
        if (!updated) throw new HubError('YZ_ERR_NOT_FOUND', `no feedback case ${feedbackId} at ${id}`);
        deps.feed.emit({ type: 'feedback', stationId: id });
        return updated;
      },
    );
  };
}
