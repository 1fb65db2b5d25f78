/** The kiosk's REST API: the station's view, and the door actions a touchscreen (or a USB scanner in it) makes. */
import { WORKER_CATEGORIES } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../app.ts';
import { AgentError } from '../errors.ts';

const scanBody = z.object({ code: z.string().min(1).max(2048) });
const walkInBody = z.object({ category: z.enum(WORKER_CATEGORIES) });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError('YZ_ERR_BAD_REQUEST', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function kioskApi(agent: Agent) {
  return async (app: FastifyInstance) => {
    app.get('/api/station', async () => ({
      station: agent.stationInfo,
      services: agent.config.services,
      devices: agent.devices.snapshot(),
    }));

    app.post('/api/door/scan', async (req) => agent.door.scan(parseBody(scanBody, req.body).code));

    app.post('/api/visits/walk-in', async (req, reply) => {
      const result = agent.door.walkIn(parseBody(walkInBody, req.body).category);
      return reply.code(201).send(result);
    });
  };
}
