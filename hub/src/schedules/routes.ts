import { randomUUID } from 'node:crypto';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.ts';
import { existingStation, stationParams, viewableStation } from '../http/office-input.ts';
import { authenticatedOperator, requireAdmin, requireOperator } from '../http/principals.ts';
import type { HubContext } from '../hub-context.ts';
import type { Operator } from '../operators/schema.ts';
import { nextCursor, pageQuery } from '../page-query.ts';
import { nextOf } from '../paging.ts';
import { BUNDLE_HORIZON_MS } from './bundle.ts';
import { announcementInput, scheduleInput } from './input.ts';
import { occurrences } from './occurrences.ts';
import {
  announcementRecord,
  scheduleList,
  scheduleView,
  scheduleViewOf,
  stationSchedule,
  type Target,
} from './schema.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });

/** Schedules (one-off and recurring events) and announcements, pushed to stations in their bundles. */
export function scheduleRoutes(deps: HubContext): FastifyPluginAsync {
  const nowIso = () => new Date(deps.clock()).toISOString();
  const checkTarget = async (t: Target) => {
    if (t.kind === 'station') await existingStation(deps.store, t.stationId);
  };
  // A viewer sees what reaches their district: city-wide items, their district's, their stations'.
  const filterFor = (operator: Operator) => (operator.role === 'admin' ? {} : { district: operator.district! });
  const changed = () => deps.feed.emit({ type: 'schedules' });

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const read = { onRequest: requireOperator(deps.store, deps.clock) };
    const write = { onRequest: requireAdmin(deps.store, deps.clock) };

    api.get(
      '/api/v1/schedules',
      {
        ...read,
        schema: {
          querystring: pageQuery,
          response: { 200: scheduleList },
        },
      },
      async (request) => {
        const page = await deps.store.schedules.schedules(filterFor(authenticatedOperator(request)), request.query);
        return { schedules: page.items.map(scheduleViewOf), ...nextOf(page) };
      },
    );

    const save = async (id: string, body: z.output<typeof scheduleInput>, createdAt: string) => {
      await checkTarget(body.target);
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
      await deps.store.schedules.putSchedule(record);
      changed();
      return scheduleViewOf(record);
    };

    api.post(
      '/api/v1/schedules',
      { ...write, schema: { body: scheduleInput, response: { 201: scheduleView } } },
      async (request, reply) =>
        reply.status(201).send(await save(`sch-${randomUUID().slice(0, 8)}`, request.body, nowIso())),
    );

    api.put(
      '/api/v1/schedules/:id',
      { ...write, schema: { params: idParams, body: scheduleInput, response: { 200: scheduleView } } },
      async (request) => {
        const existing = await deps.store.schedules.schedule(request.params.id);
        if (!existing) throw new HubError('YZ_ERR_NOT_FOUND', `no schedule ${request.params.id}`);
        return save(existing.id, request.body, existing.createdAt);
      },
    );

    api.delete('/api/v1/schedules/:id', { ...write, schema: { params: idParams } }, async (request, reply) => {
      if (!(await deps.store.schedules.deleteSchedule(request.params.id))) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no schedule ${request.params.id}`);
      }
      changed();
      return reply.status(204).send();
    });

    api.get(
      '/api/v1/stations/:id/schedule',
      { ...read, schema: { params: stationParams, response: { 200: stationSchedule } } },
      async (request) => {
        const station = await viewableStation(deps.store, authenticatedOperator(request), request.params.id);
        const schedules = await deps.store.schedules.schedulesFor(station.id, station.district);
        return { events: occurrences(schedules, deps.zone, deps.clock(), BUNDLE_HORIZON_MS) };
      },
    );

    api.get(
      '/api/v1/announcements',
      {
        ...read,
        schema: {
          querystring: pageQuery,
          response: { 200: z.object({ announcements: z.array(announcementRecord), next: nextCursor }) },
        },
      },
      async (request) => {
        const operator = authenticatedOperator(request);
        const page = await deps.store.schedules.announcements(filterFor(operator), request.query);
        return { announcements: page.items, ...nextOf(page) };
      },
    );

    api.post(
      '/api/v1/announcements',
      { ...write, schema: { body: announcementInput, response: { 201: announcementRecord } } },
      async (request, reply) => {
        await checkTarget(request.body.target);
        const record = { id: `ann-${randomUUID().slice(0, 8)}`, ...request.body, createdAt: nowIso() };
        await deps.store.schedules.putAnnouncement(record);
        changed();
        return reply.status(201).send(record);
      },
    );

    api.put(
      '/api/v1/announcements/:id',
      { ...write, schema: { params: idParams, body: announcementInput, response: { 200: announcementRecord } } },
      async (request) => {
        const existing = await deps.store.schedules.announcement(request.params.id);
        if (!existing) throw new HubError('YZ_ERR_NOT_FOUND', `no announcement ${request.params.id}`);
        await checkTarget(request.body.target);
        const record = { ...request.body, id: existing.id, createdAt: existing.createdAt };
        await deps.store.schedules.putAnnouncement(record);
        changed();
        return record;
      },
    );

    api.delete('/api/v1/announcements/:id', { ...write, schema: { params: idParams } }, async (request, reply) => {
      if (!(await deps.store.schedules.deleteAnnouncement(request.params.id))) {
        throw new HubError('YZ_ERR_NOT_FOUND', `no announcement ${request.params.id}`);
      }
      changed();
      return reply.status(204).send();
    });
  };
}
