import { bundle, stationId, type ZoneClock } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { assertOwnStation, requireStation } from '../http/principals.ts';
import type { OfficeFeed } from '../live/office-feed.ts';
import type { HubStore } from '../store.ts';
import { stationBundle } from './bundle.ts';

/**
 * A station fetching its bundle again within this of its last sighting is not marked seen again: each mark is a
 * write (an fsync on SQLite), and a "bundle changed" to every connected station brings them all at once.
 * Far below `live.offlineAfterSeconds`, so no station looks offline for it.
 */
const SEEN_AGAIN_AFTER_MS = 10_000;

/** `GET /api/v1/stations/:id/bundle`: what the station caches; conditional on its ETag. */
export function stationBundleRoutes(deps: {
  store: HubStore;
  clock: Clock;
  zone: ZoneClock;
  feed?: OfficeFeed;
  /** The declaration page's address for this station's kiosk QR (injury visits on, with a public URL). */
  injuryDeclarationUrl?: (stationId: string) => string;
}): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/stations/:id/bundle',
      {
        onRequest: requireStation(deps.store),
        schema: { params: z.object({ id: stationId }), response: { 200: bundle, 304: z.undefined() } },
      },
      async (request, reply) => {
        assertOwnStation(request, request.params.id);
        const station = await deps.store.stations.get(request.params.id);
        // The token matched this station a moment ago; absence means it was removed meanwhile.
        if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${request.params.id}`);
        const now = deps.clock();
        const seenAt = station.lastSeenAt === null ? undefined : Date.parse(station.lastSeenAt);
        if (seenAt === undefined || now - seenAt >= SEEN_AGAIN_AFTER_MS || now < seenAt) {
          await deps.store.stations.markSeen(station.id, new Date(now).toISOString());
          deps.feed?.emit({ type: 'station', stationId: station.id });
        }

        const content = await stationBundle(deps.store, station, {
          now,
          zone: deps.zone,
          injuryDeclarationUrl: deps.injuryDeclarationUrl?.(station.id),
        });
        const etag = `"${content.version}"`;
        reply.header('etag', etag).header('cache-control', 'no-cache');
        if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send();
        return content;
      },
    );
  };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
