/** `POST /api/events/:id/attend`: a worker's tap to sign in at a running event that asks for it. */
import { WORKER_CATEGORIES } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SignInDesk } from '../door/sign-in.ts';

export function signInRoute(desk: SignInDesk) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/events/:id/attend',
      {
        schema: {
          params: z.object({ id: z.string().min(1).max(128) }),
          body: z.strictObject({ category: z.enum(WORKER_CATEGORIES) }),
          response: { 201: z.object({ eventId: z.string(), attended: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const event = desk.byTap(request.params.id, request.body.category);
        return reply.code(201).send({ eventId: event.id, attended: true });
      },
    );
  };
}
