import { createHash } from 'node:crypto';
import type { Bundle, NearbyStation, ZoneClock } from '@yizhan/shared';
import type { StationRecord } from '../stations/schema.ts';
import type { HubStore } from '../store.ts';
import { occurrences } from './occurrences.ts';

const DAY_MS = 86_400_000;
/** The bundle lists event occurrences this far ahead (the contract asks for at least 14 days). */
export const BUNDLE_HORIZON_MS = 14 * DAY_MS;
/** Replies stay on the kiosk this long after the office last touched the case. */
const REPLY_DAYS = 30;
const NEARBY_MAX = 5;
const NEARBY_RADIUS_M = 10_000;

export interface BundleContext {
  now: number;
  zone: ZoneClock;
  /** The kiosk's declaration QR (工伤探视); absent when the service is off. */
  injuryDeclarationUrl?: string | undefined;
}

/**
 * What a station caches from the hub. `version` hashes the rest, so it changes exactly when the
 * content does and doubles as the ETag.
 */
export async function stationBundle(store: HubStore, station: StationRecord, context: BundleContext): Promise<Bundle> {
  const nowIso = new Date(context.now).toISOString();
  const content: Omit<Bundle, 'version'> = {
    station: { id: station.id, name: station.name, district: station.district, capacity: station.capacity },
    // Retired keys stay listed (flagged) so a station can tell "retired" from "unknown".
    memberKeys: (await store.memberKeys.list()).map((k) => ({
      kid: k.kid,
      alg: k.alg,
      publicKey: k.publicKey,
      retired: k.retiredAt !== null,
    })),
    revokedMembers: await store.members.revoked(),
    announcements: (await store.schedules.announcementsFor(station.id, station.district, nowIso)).map(
      ({ id, text, startsAt, endsAt }) => ({ id, text, startsAt, endsAt }),
    ),
    events: occurrences(
      await store.schedules.schedulesFor(station.id, station.district),
      context.zone,
      context.now,
      BUNDLE_HORIZON_MS,
    ),
    nearby: await nearbyStations(store, station),
    services: station.services,
    feedbackReplies: (
      await store.feedback.replies(station.id, new Date(context.now - REPLY_DAYS * DAY_MS).toISOString())
    ).map((c) => ({ feedbackId: c.feedbackId, status: c.status, reply: c.reply!, updatedAt: c.updatedAt })),
    ...(context.injuryDeclarationUrl ? { injuryDeclarationUrl: context.injuryDeclarationUrl } : {}),
  };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27);
  return { version, ...content };
}

/** The closest other stations within 10 km, by great-circle distance. */
async function nearbyStations(store: HubStore, station: StationRecord): Promise<NearbyStation[]> {
  if (station.lat === null || station.lng === null) return [];
  const { lat, lng } = station;
  // A box a little larger than the radius keeps the query on the location index.
  const dLat = NEARBY_RADIUS_M / 111_000;
  const dLng = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
  const inBox = await store.stations.within({
    minLat: lat - dLat,
    maxLat: lat + dLat,
    minLng: lng - dLng,
    maxLng: lng + dLng,
  });
  return inBox
    .filter((s) => s.id !== station.id)
    .map((s) => ({ s, distanceM: Math.round(distanceM(lat, lng, s.lat!, s.lng!)) }))
    .filter(({ distanceM }) => distanceM <= NEARBY_RADIUS_M)
    .sort((a, b) => a.distanceM - b.distanceM || a.s.id.localeCompare(b.s.id))
    .slice(0, NEARBY_MAX)
    .map(({ s, distanceM }) => ({
      id: s.id,
      name: s.name,
      district: s.district,
      distanceM,
      open24h: s.open24h,
      ...(s.hours ? { hours: s.hours } : {}),
    }));
}

function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}
