import type { z } from 'zod';
import { parseInput } from '../admin-input.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { newSecretToken, tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import {
  type StationChangeInput,
  type StationInput,
  type StationProfile,
  type StationRecord,
  servicesInput,
  stationChangeInput,
  stationInput,
} from './schema.ts';

export const STATION_TOKEN_PREFIX = 'yzst_';

/** The station registry's provisioning actions (CLI, demo, admin routes). */
export interface StationAdmin {
  /** Registers a new station and returns its first token (shown once). Fails if the id exists. */
  addStation(input: StationInput): Promise<{ stationId: string; token: string }>;
  /** Creates or updates the station and gives it a fresh token (the old one stops working). */
  ensureStation(input: StationInput): Promise<{ stationId: string; token: string }>;
  rotateStationToken(stationId: string): Promise<{ stationId: string; token: string }>;
  editStation(stationId: string, change: StationChangeInput): Promise<StationRecord>;
  /** The station stops syncing at once (its token is revoked); its history stays. */
  retireStation(stationId: string): Promise<StationRecord>;
  setStationServices(stationId: string, services: readonly string[]): Promise<StationRecord>;
}

export function stationAdmin(store: HubStore, clock: Clock): StationAdmin {
  const nowIso = () => new Date(clock()).toISOString();
  const freshToken = () => {
    const token = newSecretToken(STATION_TOKEN_PREFIX);
    return { token, hash: tokenHash(token) };
  };
  const existing = async (id: string) => {
    const station = await store.stations.get(id);
    if (!station) throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
    return station;
  };

  return {
    async addStation(input) {
      const profile = toProfile(parseInput(stationInput, input));
      const { token, hash } = freshToken();
      if (!(await store.stations.insert(profile, hash, nowIso()))) {
        throw new HubError('YZ_ERR_STATION_EXISTS', `station ${profile.id} already exists`);
      }
      return { stationId: profile.id, token };
    },
    async ensureStation(input) {
      const profile = toProfile(parseInput(stationInput, input));
      // A retired station stays retired: a fresh token would let it sync again.
      if ((await store.stations.get(profile.id))?.retiredAt) {
        throw new HubError('YZ_ERR_STATION_RETIRED', `station ${profile.id} is retired`);
      }
      const { token, hash } = freshToken();
      await store.stations.upsert(profile, hash, nowIso());
      return { stationId: profile.id, token };
    },
    async rotateStationToken(id) {
      if ((await store.stations.get(id))?.retiredAt) {
        throw new HubError('YZ_ERR_STATION_RETIRED', `station ${id} is retired`);
      }
      const { token, hash } = freshToken();
      if (!(await store.stations.replaceToken(id, hash, nowIso()))) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return { stationId: id, token };
    },
    async editStation(id, change) {
      if (!(await store.stations.update(id, parseInput(stationChangeInput, change)))) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return existing(id);
    },
    async retireStation(id) {
      await existing(id);
      if (!(await store.stations.retire(id, nowIso()))) {
        throw new HubError('YZ_ERR_STATION_RETIRED', `station ${id} is already retired`);
      }
      return existing(id);
    },
    async setStationServices(id, services) {
      if (!(await store.stations.setServices(id, parseInput(servicesInput, services)))) {
        throw new HubError('YZ_ERR_UNKNOWN_STATION', `no station ${id}`);
      }
      return existing(id);
    },
  };
}

function toProfile(input: z.output<typeof stationInput>): StationProfile {
  return {
    id: input.id,
    name: input.name,
    district: input.district,
    city: input.city ?? null,
    province: input.province ?? null,
    capacity: input.capacity,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}
