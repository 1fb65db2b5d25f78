import { localHourOf, type OutboxEvent, syncRequest, syncResponse } from '@yizhan/shared';
import { invalidPart, type ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../clock.ts';
import { compiledValidatorCompiler } from '../http/compiled-validator.ts';
import { authenticatedStation, requireStation } from '../http/principals.ts';
import type { OfficeFeed } from '../live/office-feed.ts';
import type { HubStore } from '../store.ts';

/** `POST /api/v1/sync`: a station's outbox batch in, the gap-free cursor of its epoch out. */
export function syncRoutes(deps: {
  store: HubStore;
  clock: Clock;
  timezone: string;
  feed?: OfficeFeed;
}): FastifyPluginAsync {
  const localHour = localHourOf(deps.timezone);
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/sync',
      {
        onRequest: requireStation(deps.store),
        // A full batch of 1000 events with the largest bodies stays under this.
        bodyLimit: 2 * 1024 * 1024,
        // A batch is the hub's hottest input: its contract compiled to code, checked in place.
        validatorCompiler: compiledValidatorCompiler,
        schema: { body: syncRequest, response: { 200: syncResponse } },
      },
      async (request) => {
        const { epoch, events } = request.body;
        // The batch is keyed by its epoch: an event of another epoch in it is a malformed batch, not a second stream.
        const strays: { path: string; message: string }[] = [];
        events.forEach((event, i) => {
          if (event.epoch !== epoch) strays.push({ path: `events.${i}.epoch`, message: 'must equal the batch epoch' });
        });
        if (strays.length > 0) throw invalidPart('body', strays);
        const station = authenticatedStation(request);
        // The schema checks each body against its type; its inferred type just does not pair them, OutboxEvent does.
        const batch = events as readonly OutboxEvent[];
        const outcome = await deps.store.sync.ingest(
          station,
          epoch,
          batch,
          localHour,
          new Date(deps.clock()).toISOString(),
        );
        if (deps.feed) announce(deps.feed, station, batch);
        return { ackSeq: outcome.ackSeq };
      },
    );
  };
}

/** Tells watching dashboards what a batch may have changed (a re-sent batch just causes a refetch). */
function announce(feed: OfficeFeed, stationId: string, events: readonly OutboxEvent[]): void {
  feed.emit({ type: 'station', stationId });
  let alarms = false;
  let feedback = false;
  for (const { type } of events) {
    if (type === 'alarm.raised' || type === 'alarm.cleared') alarms = true;
    else if (type === 'feedback.created') feedback = true;
  }
  if (alarms) feed.emit({ type: 'alarms', stationId });
  if (feedback) feed.emit({ type: 'feedback', stationId });
}
