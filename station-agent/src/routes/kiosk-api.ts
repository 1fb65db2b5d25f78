/** The kiosk's REST API: the station's view, and the door actions a touchscreen (or a USB scanner in it) makes. */
import {
  type DeviceState,
  type DoorResult,
  type StationInfo,
  WORKER_CATEGORIES,
  type WorkerCategory,
} from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { VisitCounts } from '../door/visit-log.ts';
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

/** What the kiosk's API reads, and the door actions it may take. */
export interface KioskApiSources {
  station: StationInfo;
  services: readonly string[];
  devices(): DeviceState[];
  door: { scan(code: string): Promise<DoorResult>; walkIn(category: WorkerCategory): DoorResult };
  visits: { openVisits(): number; counts(from: Date, to: Date, timezone: string): VisitCounts };
  timezone: string;
  now(): number;
}

export function kioskApi(sources: KioskApiSources) {
  const { door, visits, timezone, now } = sources;
  return async (app: FastifyInstance) => {
    app.get('/api/station', async () => ({
      station: sources.station,
      services: sources.services,
      devices: sources.devices(),
    }));

    app.post('/api/door/scan', async (req) => door.scan(parseBody(scanBody, req.body).code));

    app.post('/api/visits/walk-in', async (req, reply) => {
      const result = door.walkIn(parseBody(walkInBody, req.body).category);
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
        timezone,
        open: visits.openVisits(),
        ...visits.counts(from, to, timezone),
      };
    });
  };
}
