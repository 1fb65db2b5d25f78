/** `POST /api/feedback`: "report a problem" on the kiosk. Stored at the station, sent to the hub as feedback. */
import { caseNumberOf, FEEDBACK_CATEGORIES, type FeedbackCategory } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const feedbackBody = z.strictObject({
  category: z.enum(FEEDBACK_CATEGORIES),
  /** Optional; a blank description is the same as none. */
  place: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((place) => (place ? place : undefined)),
});

export interface FeedbackSources {
  /** Stores the report with its outbox event; returns its id. */
  report(category: FeedbackCategory, place: string | undefined, at: Date): string;
  now(): number;
}

export function feedbackRoute(sources: FeedbackSources) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/feedback',
      {
        schema: {
          body: feedbackBody,
          response: { 201: z.object({ feedbackId: z.string(), caseNumber: z.string() }) },
        },
      },
      async (req, reply) => {
        const feedbackId = sources.report(req.body.category, req.body.place, new Date(sources.now()));
        // The case number is what the worker reads off the kiosk and later finds the office's reply under.
        return reply.code(201).send({ feedbackId, caseNumber: caseNumberOf(feedbackId) });
      },
    );
  };
}
