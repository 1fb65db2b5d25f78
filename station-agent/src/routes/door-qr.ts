/** `GET /api/door/qr.svg`: the door QR of the current window, drawn by the agent for the kiosk and the `/door` page. */
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AgentError } from '../errors.ts';

export interface DoorQrSources {
  /** The SVG shown now; undefined while the live channel is down or the station has no phone entry. */
  svg(): string | undefined;
}

export function doorQrRoutes(sources: DoorQrSources) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    // `at`: the kiosk names the window it wants, only so that no cache hands it the last one.
    app.get(
      '/api/door/qr.svg',
      { schema: { querystring: z.object({ at: z.string().max(40).optional() }) } },
      async (_req, reply) => {
        const svg = sources.svg();
        if (!svg) throw new AgentError('YZ_ERR_NOT_FOUND', 'no door QR now: the live channel to the hub is down');
        return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
      },
    );
  };
}
