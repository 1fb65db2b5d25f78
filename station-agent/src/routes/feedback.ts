/** `POST /api/feedback`: "report a problem" on the kiosk. Stored at the station, sent to the hub as feedback. */
import { FEEDBACK_CATEGORIES } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../app.ts';
import { FeedbackLog } from '../store/feedback.ts';
import { parseBody } from './kiosk-api.ts';

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

export function feedbackRoute(agent: Agent, now: () => number) {
  return async (app: FastifyInstance) => {
    const feedback = new FeedbackLog(agent.db, agent.outbox);
    app.post('/api/feedback', async (req, reply) => {
      const { category, place } = parseBody(feedbackBody, req.body);
      const feedbackId = feedback.report(category, place, new Date(now()));
      agent.sync?.nudge();
      return reply.code(201).send({ feedbackId });
    });
  };
}
