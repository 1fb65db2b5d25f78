/** The kiosk's REST API: the station's view, and the door actions a touchscreen (or a USB scanner in it) makes. */
import { WORKER_CATEGORIES } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agent } from '../app.ts';
import { AgentError } from '../errors.ts';

const scanBody = z.object({ code: z.string().min(1).max(2048) });
const walkInBody = z.object({ category: z.enum(WORKER_CATEGORIES) });
const isoTime = z.iso.datetime({ offset: true });
/** Default: the last 7 days up to now. */
const countsQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), 'from must be before to');
const WEEK_MS = 7 * 24 * 3600_000;

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError('YZ_ERR_BAD_REQUEST', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function kioskApi(agent: Agent, now: () => number = Date.now) {
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

    /** Visits started in [from, to): per local hour, local day and category, for the kiosk and the office. */
    app.get('/api/visits/counts', async (req) => {
      const query = parseBody(countsQuery, req.query);
      const to = query.to ? new Date(query.to) : new Date(now());
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - WEEK_MS);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        timezone: agent.config.station.timezone,
        open: agent.visitLog.openVisits(),
        ...agent.visitLog.counts(from, to, agent.config.station.timezone),
      };
    });
  };
}
