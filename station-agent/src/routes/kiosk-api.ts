/** The kiosk's REST API: the station's view, and the door actions a touchscreen (or a USB scanner in it) makes. */
import {
  type DeviceState,
  type DoorResult,
  deviceState,
  doorResult,
  type StationInfo,
  stationInfo,
  WORKER_CATEGORIES,
  type WorkerCategory,
} from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { VisitCounts } from '../door/visit-log.ts';

const scanBody = z.object({ code: z.string().min(1).max(2048) });
const walkInBody = z.object({ category: z.enum(WORKER_CATEGORIES) });
const isoTime = z.iso.datetime({ offset: true });
/** Default: the last 7 days up to now. */
const countsQuery = z
  .object({ from: isoTime.optional(), to: isoTime.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), 'from must be before to');
const WEEK_MS = 7 * 24 * 3600_000;

const stationView = z.object({ station: stationInfo, services: z.array(z.string()), devices: z.array(deviceState) });
const tally = z.record(z.string(), z.number().int().nonnegative());
const visitCounts = z.object({
  from: isoTime,
  to: isoTime,
  timezone: z.string(),
  /** Visits under way now. */
  open: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  walkIns: z.number().int().nonnegative(),
  byCategory: z.partialRecord(z.enum(WORKER_CATEGORIES), z.number().int().nonnegative()),
  /** Local hour `YYYY-MM-DDTHH` → visits started in it. */
  byHour: tally,
  /** Local day `YYYY-MM-DD` → visits started on it. */
  byDay: tally,
});

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
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/api/station', { schema: { response: { 200: stationView } } }, async () => ({
      station: sources.station,
      services: [...sources.services],
      devices: sources.devices(),
    }));

    app.post('/api/door/scan', { schema: { body: scanBody, response: { 200: doorResult } } }, async (req) =>
      door.scan(req.body.code),
    );

    app.post(
      '/api/visits/walk-in',
      { schema: { body: walkInBody, response: { 201: doorResult } } },
      async (req, reply) => reply.code(201).send(door.walkIn(req.body.category)),
    );

    /** Visits started in [from, to): per local hour, local day and category, for the kiosk and the office. */
    app.get(
      '/api/visits/counts',
      { schema: { querystring: countsQuery, response: { 200: visitCounts } } },
      async (req) => {
        const to = req.query.to ? new Date(req.query.to) : new Date(now());
        const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - WEEK_MS);
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          timezone,
          open: visits.openVisits(),
          ...visits.counts(from, to, timezone),
        };
      },
    );
  };
}
