import { createHash } from 'node:crypto';
import type { Bundle } from '@yizhan/shared';
import type { HubStore, StationRecord } from './store/hub-store.ts';

/**
 * What a station caches from the hub. `version` hashes the rest, so it changes exactly when the
 * content does and doubles as the ETag.
 */
export function stationBundle(store: HubStore, station: StationRecord): Bundle {
  const content: Omit<Bundle, 'version'> = {
    station: { id: station.id, name: station.name, district: station.district, capacity: station.capacity },
    // Retired keys stay listed (flagged) so a station can tell "retired" from "unknown".
    memberKeys: store.memberKeys.list().map((k) => ({
      kid: k.kid,
      alg: k.alg,
      publicKey: k.publicKey,
      retired: k.retiredAt !== null,
    })),
    revokedMembers: store.members.revoked(),
    announcements: [],
    events: [],
    nearby: [],
    services: [],
    feedbackReplies: [],
  };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27);
  return { version, ...content };
}
