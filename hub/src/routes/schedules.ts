import { randomUUID } from 'node:crypto';
import { label, scheduledEvent, stationId } from '@yizhan/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { authenticatedOperator, requireAdmin, requireOperator } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { OfficeDeps } from '../office/office-deps.ts';
import { existingStation, stationParams, viewableStation } from '../office/office-input.ts';
import { floatingMs, occurrences, recurrenceProblem } from '../schedules/occurrences.ts';
import { BUNDLE_HORIZON_MS } from '../station-bundle.ts';
import type { Operator } from '../store/hub-store.ts';
import type { Target } from '../store/office-store.ts';

const localMinute = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'local time YYYY-MM-DDTHH:MM')
  .refine((t) => !Number.isNaN(floatingMs(t)) && new Date(floatingMs(t)).toISOString().startsWith(t), 'no such time');

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('district'), district: z.string().trim().min(1).max(100) }),
  z.strictObject({ kind: z.literal('station'), stationId }),
]);

const scheduleInput = z
  .strictObject({
    title: label,
    description: label.optional(),
    bring: label.optional(),
    audience: label.optional(),
    target,
    /** Wall-clock times in the hub's zone. */
    startsLocal: localMinute,
    endsLocal: localMinute,
    /** RFC 5545 RRULE body without DTSTART, e.g. FREQ=WEEKLY;BYDAY=MO. Absent or null: a one-off. */
    rrule: z.string().max(200).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    const minutes = (floatingMs(s.endsLocal) - floatingMs(s.startsLocal)) / 60_000;
    if (!(minutes > 0 && minutes <= 7 * 24 * 60)) {
      ctx.addIssue({ code: 'custom', path: ['endsLocal'], message: 'must be after the start, within 7 days' });
    }
    const problem = s.rrule ? recurrenceProblem(s.rrule) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['rrule'], message: problem });
  });

const scheduleView = z.object({
  id: z.string(),
  title: label,
  description: label.optional(),
  bring: label.optional(),
  audience: label.optional(),
  target,
  startsLocal: z.string(),
  endsLocal: z.string(),
  rrule: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Stored in UTC so times compare as text. */
const utcTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

const announcementInput = z
  .strictObject({
    text: label,
    target,
    startsAt: utcTime,
    endsAt: utcTime.nullable(),
  })
  .refine((a) => a.endsAt === null || Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
const announcementView = z.object({
  id: z.string(),
  text: label,
  target,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  createdAt: z.string(),
});

const idParams = z.object({ id: z.string().min(1).max(64) });

/** Schedules (one-off and recurring events) and announcements, pushed to stations in their bundles. */
export function scheduleRoutes(deps: OfficeDeps): FastifyPluginAsync {
  const nowIso = () => new Date(deps.clock()).toISOString();
  const checkTarget = (t: Target) => {
    if (t.kind === 'station') existingStation(deps.store, t.stationId);
  };
  // A viewer sees what reaches their district: city-wide items, their district's, their stations'.
  const visibleTo = (operator: Operator) => (t: Target) => {
    if (operator.role === 'admin' || t.kind === 'all') return true;
    if (t.kind === 'district') return t.district === operator.district;
    return deps.store.stations.get(t.stationId)?.district === operator.district;
  };
  const changed = () => deps.feed.emit({ type: 'schedules' });

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const read = { onRequest: requireOperator(deps.store, deps.clock) };
    const write = { onRequest: requireAdmin(deps.store, deps.clock) };

    api.get(
      '/api/v1/schedules',
      { ...read, schema: { response: { 200: z.object({ schedules: z.array(scheduleView) }) } } },
      async (request) => {
        const visible = visibleTo(authenticatedOperator(request));
        const schedules = deps.store.office.schedules().filter((s) => visible(s.target));
        return { schedules: schedules.map(({ content, ...s }) => ({ ...content, ...s })) };
      },
    );

    const save = (id: string, body: z.output<typeof scheduleInput>, createdAt: string) => {
      checkTarget(body.target);
      const { target: t, startsLocal, endsLocal, rrule, ...content } = body;
      const record = {
        id,
        content,
        target: t,
        startsLocal,
        endsLocal,
        rrule: rrule ?? null,
        createdAt,
        updatedAt: nowIso(),
      };
      deps.store.office.putSchedule(record);
      changed();
      const { content: c, ...rest } = record;
      return { ...c, ...rest };
    };

    api.post(
      '/api/v1/schedules',
      { ...write, schema: { body: scheduleInput, response: { 201: scheduleView } } },
      async (request, reply) => reply.status(201).send(save(`sch-${randomUUID().slice(0, 8)}`, request.body, nowIso())),
    );

    api.put(
      '/api/v1/schedules/:id',
      { ...write, schema: { params: idParams, body: scheduleInput, response: { 200: scheduleView } } },
      async (request) => {
        const existing = deps.store.office.schedule(request.params.id);
        if (!existing) throw new HubError('YZ_ERR_NOT_FOUND', `no schedule ${request.params.id}`);
        return save(existing.id, request.body, existing.createdAt);
      },
    );

    api.delete('/api/v1/schedules/:id', { ...write, schema: { params: idParams } }, async (request, reply) => {
      if (!deps.store.office.deleteSchedule(request.params.id)) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no schedule ${request.params.id}`);
      }
      changed();
      return reply.status(204).send();
    });

    api.get(
      '/api/v1/stations/:id/schedule',
      { ...read, schema: { params: stationParams, response: { 200: z.object({ events: z.array(scheduledEvent) }) } } },
      async (request) => {
        const station = viewableStation(deps.store, authenticatedOperator(request), request.params.id);
        const schedules = deps.store.office.schedulesFor(station.id, station.district);
        return { events: occurrences(schedules, deps.zone, deps.clock(), BUNDLE_HORIZON_MS) };
      },
    );

    api.get(
      '/api/v1/announcements',
      { ...read, schema: { response: { 200: z.object({ announcements: z.array(announcementView) }) } } },
      async (request) => {
        const visible = visibleTo(authenticatedOperator(request));
        return { announcements: deps.store.office.announcements().filter((a) => visible(a.target)) };
      },
    );

    api.post(
      '/api/v1/announcements',
      { ...write, schema: { body: announcementInput, response: { 201: announcementView } } },
      async (request, reply) => {
        checkTarget(request.body.target);
        const record = { id: `ann-${randomUUID().slice(0, 8)}`, ...request.body, createdAt: nowIso() };
        deps.store.office.putAnnouncement(record);
        changed();
        return reply.status(201).send(record);
      },
    );

    api.delete('/api/v1/announcements/:id', { ...write, schema: { params: idParams } }, async (request, reply) => {
      if (!deps.store.office.deleteAnnouncement(request.params.id)) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no announcement ${request.params.id}`);
      }
      changed();
      return reply.status(204).send();
    });
  };
}
