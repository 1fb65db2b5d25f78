/**
 * What the hub keeps, behind interfaces: routes and admin depend on these, never on SQLite,
 * so another engine (PostgreSQL behind a load balancer) can be added without touching them.
 * All times are ISO-8601 UTC strings.
 */
import type { OutboxEvent, ScanRejection, WorkerCategory } from '@yizhan/shared';
import type { OfficeStore } from './office-store.ts';

export interface StationProfile {
  id: string;
  name: string;
  district: string;
  capacity: number;
  address: string | null;
  lat: number | null;
  lng: number | null;
}

export interface StationRecord extends StationProfile {
  createdAt: string;
  lastSeenAt: string | null;
  retiredAt: string | null;
  /** The office's service catalog for the station; empty means "as in the station config". */
  services: string[];
  open24h: boolean;
  hours: string | null;
}

/** What an office edit may change; the id never changes. */
export type StationChange = Partial<Omit<StationProfile, 'id'>> & { open24h?: boolean; hours?: string | null };

export interface StationRegistry {
  /** false when the id is taken. */
  insert(profile: StationProfile, tokenHash: string, at: string): boolean;
  /** Inserts or updates the profile and replaces the token. */
  upsert(profile: StationProfile, tokenHash: string, at: string): void;
  get(id: string): StationRecord | undefined;
  /** Retired stations only when asked for. */
  list(filter: { district?: string; includeRetired?: boolean }): StationRecord[];
  /** false when there is no such station. */
  replaceToken(id: string, tokenHash: string, at: string): boolean;
  findByTokenHash(tokenHash: string): string | undefined;
  markSeen(id: string, at: string): void;
  /** false when there is no such station (retired ones can still be edited). */
  update(id: string, change: StationChange): boolean;
  /** Retires the station and revokes its token; false when unknown or already retired. */
  retire(id: string, at: string): boolean;
  setServices(id: string, services: readonly string[]): boolean;
  /** Stations that are not retired with a location inside the box, for "nearby". */
  within(box: { minLat: number; maxLat: number; minLng: number; maxLng: number }): StationRecord[];
}

export type OperatorRole = 'admin' | 'district-viewer';

export interface Operator {
  username: string;
  role: OperatorRole;
  /** Set for district viewers only. */
  district: string | null;
}

export interface OperatorAccounts {
  insert(operator: Operator, passwordHash: string, at: string): boolean;
  upsert(operator: Operator, passwordHash: string, at: string): void;
  /** The operator with its stored password hash, for login. */
  get(username: string): (Operator & { passwordHash: string }) | undefined;
}

export interface OperatorSessions {
  insert(idHash: string, username: string, createdAt: string, expiresAt: string): void;
  /** The session's operator if it exists and has not expired at `now`. */
  find(idHash: string, now: string): Operator | undefined;
  delete(idHash: string): void;
  deleteExpired(now: string): number;
}

export interface MemberKeyRecord {
  kid: string;
  alg: string;
  publicKey: string;
  privateKeyPem: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface MemberKeyRing {
  /** Oldest first. */
  list(): MemberKeyRecord[];
  /** The newest key that is not retired: the one new codes are signed with. */
  active(): MemberKeyRecord | undefined;
  insert(key: MemberKeyRecord): void;
  retire(kid: string, at: string): boolean;
}

export interface MemberRegistry {
  /** Secret of the member pseudonym HMAC, made once with the database. */
  pseudonymSecret(): Buffer;
  revoke(member: string, at: string): void;
  revoked(): string[];
  isRevoked(member: string): boolean;
}

/** Who may ask the hub for member codes: integrations (the member app) and workers' member-page links. */
export interface MemberAccess {
  /** false when the name is taken. */
  addIntegration(name: string, tokenHash: string, at: string): boolean;
  /** The integration's name, when the key is known and not revoked. */
  findIntegration(tokenHash: string): string | undefined;
  revokeIntegration(name: string, at: string): boolean;
  addLink(tokenHash: string, member: string, category: WorkerCategory, at: string): void;
  /** The pseudonym and category behind a live link. */
  findLink(tokenHash: string): { member: string; category: WorkerCategory } | undefined;
}

/**
 * The local hour 'YYYY-MM-DDTHH' of an event's `at`; its first 10 characters are the local day it counts
 * under. Handed to the store, which knows nothing of time zones.
 */
export type LocalHour = (at: string) => string;

export interface SyncOutcome {
  ackSeq: number;
  /** How many events of the batch were new. */
  inserted: number;
}

export interface DailyVisitCount {
  category: WorkerCategory;
  method: 'code' | 'walk-in';
  count: number;
}

export interface EventLedger {
  /**
   * In one transaction: stores the events not already held (by station, epoch, seq), updates the
   * aggregates for those only, advances the epoch's gap-free cursor and marks the station seen.
   * `localHour` is asked only for the new events that count under a local day or hour.
   */
  ingest(
    stationId: string,
    epoch: string,
    events: readonly OutboxEvent[],
    localHour: LocalHour,
    receivedAt: string,
  ): SyncOutcome;
  ackSeq(stationId: string, epoch: string): number;
  dailyVisits(stationId: string, day: string): DailyVisitCount[];
  dailyRejections(stationId: string, day: string): { reason: ScanRejection; count: number }[];
}

export interface HubStore {
  readonly stations: StationRegistry;
  readonly operators: OperatorAccounts;
  readonly sessions: OperatorSessions;
  readonly memberKeys: MemberKeyRing;
  readonly members: MemberRegistry;
  readonly memberAccess: MemberAccess;
  readonly events: EventLedger;
  readonly office: OfficeStore;
  close(): void;
}
