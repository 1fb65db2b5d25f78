import { type OutboxEvent, syncRequest, syncResponse } from '@yizhan/shared';
import type { FastifyPluginAsync } from 'fastify';
import { type Clock, localDayOf } from '../clock.ts';
import { authenticatedStation, requireStation } from '../http/principals.ts';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';
import type { HubStore } from '../store/hub-store.ts';

// The batch is keyed by its epoch: an event of another epoch in it is a malformed batch, not a second stream.
const syncBody = syncRequest.superRefine((batch, ctx) => {
  batch.events.forEach((event, i) => {
    if (event.epoch !== batch.epoch) {
      ctx.addIssue({ code: 'custom', path: ['events', i, 'epoch'], message: 'must equal the batch epoch' });
    }
  });
});

/** `POST /api/v1/sync`: a station's outbox batch in, the gap-free cursor of its epoch out. */
export function syncRoutes(deps: { store: HubStore; clock: Clock; timezone: string }): FastifyPluginAsync {
  const localDay = localDayOf(deps.timezone);
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/sync',
      {
        onRequest: requireStation(deps.store),
        // A full batch of 1000 events with the largest bodies stays under this.
        bodyLimit: 2 * 1024 * 1024,
        schema: { body: syncBody, response: { 200: syncResponse } },
      },
      async (request) => {
        const { epoch, events } = request.body;
        // The schema checks each body against its type; its inferred type just does not pair them, OutboxEvent does.
        const dated = events.map((event) => ({ event: event as OutboxEvent, day: localDay(event.at) }));
        const outcome = deps.store.events.ingest(
          authenticatedStation(request),
          epoch,
          dated,
          new Date(deps.clock()).toISOString(),
        );
        return { ackSeq: outcome.ackSeq };
      },
    );
  };
}
