import type { DescribedDevice } from '@yizhan/shared';
import type { Page, PageRequest } from '../paging.ts';
import type { StationChange, StationProfile, StationRecord } from './schema.ts';

/** The station registry. Engine-neutral; every method is asynchronous. Times are ISO-8601 UTC. */
export interface StationStore {
  /** false when the id is taken. */
  insert(profile: StationProfile, tokenHash: string, at: string): Promise<boolean>;
  /** Inserts or updates the profile and replaces the token. */
  upsert(profile: StationProfile, tokenHash: string, at: string): Promise<void>;
  get(id: string): Promise<StationRecord | undefined>;
  /** A page of stations ordered by district then id; retired ones only when asked for. */
  list(
    filter: { district?: string; city?: string; province?: string; includeRetired?: boolean },
    page: PageRequest,
  ): Promise<Page<StationRecord>>;
  /**
   * Clears the online mark of the stations (not retired) last seen before `before`: the silent-station
   * sweep. Returns their ids, each once: a station is marked again only when it is heard from.
   */
  markSilent(before: string): Promise<string[]>;
  /** false when there is no such station. */
  replaceToken(id: string, tokenHash: string, at: string): Promise<boolean>;
  findByTokenHash(tokenHash: string): Promise<string | undefined>;
  /** The station was heard from at `at`: its last sighting, and its online mark. */
  markSeen(id: string, at: string): Promise<void>;
  /** false when there is no such station (retired ones can still be edited). */
  update(id: string, change: StationChange): Promise<boolean>;
  /** Retires the station and revokes its token; false when unknown or already retired. */
  retire(id: string, at: string): Promise<boolean>;
  setServices(id: string, services: readonly string[]): Promise<boolean>;
  /** Stations that are not retired with a location inside the box, for "nearby". */
  within(box: { minLat: number; maxLat: number; minLng: number; maxLng: number }): Promise<StationRecord[]>;
  /** Each station's devices as it last described them (station.devices, kept by sync); [] when it has not. */
  devices(stationIds: readonly string[]): Promise<Map<string, DescribedDevice[]>>;
}
