import { FEEDBACK_CATEGORIES, stationId } from '@yizhan/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { authenticatedOperator, operatorScope, requireAdmin, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import { feedbackSummary, summarizeFeedback } from '../office/case-stats.ts';
import { instantRange } from '../office/local-range.ts';
import type { OfficeDeps } from '../office/office-deps.ts';
import { calendarDate, existingStation, viewableStation } from '../office/office-input.ts';
import { FEEDBACK_STATUSES } from '../store/office-store.ts';

const feedbackCase = z.object({
  stationId: z.string(),
  feedbackId: z.string(),
  category: z.enum(FEEDBACK_CATEGORIES),
  place: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  assignee: z.string().nullable(),
  reply: z.string().nullable(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

const caseChange = z
  .strictObject({
    status: z.enum(FEEDBACK_STATUSES),
    assignee: z.string().trim().min(1).max(100).nullable(),
    /** Shown on the station's kiosk with the next bundle. */
    reply: z.string().trim().min(1).max(500).nullable(),
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'change at least one of status, assignee, reply');

/**
 * Feedback cases from the kiosks, worked through the union's loop: collect → assess on site → assign →
 * follow up → resolved. The reply goes back to the station in its bundle.
 */
export function feedbackRoutes(deps: OfficeDeps): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/api/v1/feedback',
      {
        onRequest: requireOperator(deps.store, deps.clock),
        schema: {
          querystring: z.object({
            status: z.enum(FEEDBACK_STATUSES).optional(),
            station: stationId.optional(),
            from: calendarDate.optional(),
            to: calendarDate.optional(),
          }),
          response: { 200: z.object({ cases: z.array(feedbackCase), summary: feedbackSummary }) },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const { status, station, from, to } = request.query;
        if (station) viewableStation(deps.store, operator, station);
        const range = from && to ? instantRange(deps.zone, from, to) : {};
        const cases = deps.store.office.feedback({ ...operatorScope(operator, station), ...range });
        const shown = status ? cases.filter((c) => c.status === status) : cases;
        return { cases: shown.slice(0, 500), summary: summarizeFeedback(cases) };
      },
    );

    api.patch(
      '/api/v1/stations/:id/feedback/:feedbackId',
      {
        onRequest: requireAdmin(deps.store, deps.clock),
        schema: {
          params: z.object({ id: stationId, feedbackId: z.string().min(1).max(64) }),
          body: caseChange,
          response: { 200: feedbackCase },
        },
      },
      async (request) => {
        const { id, feedbackId } = request.params;
        existingStation(deps.store, id);
        const at = new Date(deps.clock()).toISOString();
        const updated = deps.store.office.updateFeedback(id, feedbackId, request.body, at);
        if (!updated) throw new HubError('YZ_ERR_NOT_FOUND', `no feedback case ${feedbackId} at ${id}`);
        deps.feed.emit({ type: 'feedback', stationId: id });
        return updated;
      },
    );
  };
}
