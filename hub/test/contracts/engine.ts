/**
 * What the store contract suites share: the engine they run on and the records they start from. The suites
 * speak only to the `HubStore` interfaces, so every engine runs the very same tests; data arrives the way it
 * does in production (stations registered, outbox batches ingested), never by writing tables.
 *
 * Text sorts by code point, as JavaScript's default sort and SQLite compare it: an engine must list in the
 * same order (PostgreSQL: `COLLATE "C"`).
 */
import {
  type EventBody,
  type EventType,
  type FeedbackCategory,
  localHourOf,
  type OutboxEvent,
  type WorkerCategory,
} from '@yizhan/shared';
import { afterEach, beforeEach, expect } from 'vitest';
import { encodeCursor, type Page, type PageRequest } from '../../src/paging.ts';
import type { StationProfile } from '../../src/stations/schema.ts';
import type { HubStore } from '../../src/store.ts';

export interface StoreEngine {
  name: string;
  /** A fresh, empty, migrated store. */
  open(): Promise<HubStore>;
  /** After each test, once its store is closed. */
  cleanup?(): Promise<void>;
}

/** The store of the running test: a fresh one per test, closed after it. */
export function storePerTest(engine: StoreEngine): () => HubStore {
  let store: HubStore | undefined;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await engine.cleanup?.();
  });
  return () => {
    if (!store) throw new Error('the store exists only inside a test');
    return store;
  };
}

export const QUANSHAN = '泉山区';
export const GULOU = '鼓楼区';
export const YUNLONG = '云龙区';

export function stationProfile(id: string, district: string, more: Partial<StationProfile> = {}): StationProfile {
  return {
    id,
    name: `${id} 工会驿站`,
    district,
    city: null,
    province: null,
    capacity: 20,
    address: null,
    lat: null,
    lng: null,
    ...more,
  };
}

/** Registers stations with token hashes `hash-<id>`, created at `REGISTERED`. */
export async function addStations(store: HubStore, ...profiles: StationProfile[]): Promise<void> {
  for (const profile of profiles)
    expect(await store.stations.insert(profile, `hash-${profile.id}`, REGISTERED)).toBe(true);
}

export const REGISTERED = '2026-01-05T01:00:00.000Z';
/** When the hub received a batch (10:00 in Shanghai on 2026-11-28). */
export const RECEIVED = '2026-11-28T02:00:00.000Z';
export const EPOCH = 'epoch-contract-1';
/** The hub's zone as the sync route hands it to the store. */
export const shanghaiHour = localHourOf('Asia/Shanghai');

export function event<T extends EventType>(seq: number, type: T, at: string, body: EventBody<T>, epoch = EPOCH) {
  return { epoch, seq, type, at, body } as OutboxEvent;
}

/** A visit: with a member pseudonym it came by code, without one it is a walk-in. */
export function visit(seq: number, at: string, category: WorkerCategory, member?: string, epoch = EPOCH) {
  const body = {
    visitId: `v-${epoch}-${seq}`,
    category,
    ...(member ? { method: 'code', member } : { method: 'walk-in' }),
  };
  return event(seq, 'visit.started', at, body as EventBody<'visit.started'>, epoch);
}

export const raised = (seq: number, alarmId: string, at: string, rule = 'fridge-too-warm') =>
  event(seq, 'alarm.raised', at, { alarmId, rule, device: 'fridge', detail: `${alarmId}: 9.5 °C` });

export const cleared = (seq: number, alarmId: string, at: string, rule = 'fridge-too-warm') =>
  event(seq, 'alarm.cleared', at, { alarmId, rule, device: 'fridge' });

export const reported = (seq: number, feedbackId: string, at: string, category: FeedbackCategory = 'broken') =>
  event(seq, 'feedback.created', at, { feedbackId, category, place: '微波炉' });

/** Ingests one batch of a station's epoch (that of its first event) as the sync route does. */
export function ingest(store: HubStore, stationId: string, events: OutboxEvent[], receivedAt = RECEIVED) {
  return store.sync.ingest(stationId, events[0]?.epoch ?? EPOCH, events, shanghaiHour, receivedAt);
}

/** Walks a list page by page with `limit`, asserting that every page but the last is full. */
export async function allPages<T>(list: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let before: string | undefined;
  do {
    const page = await list({ limit, before });
    pages.push(page.items);
    if (page.next !== null) expect(page.items).toHaveLength(limit);
    before = page.next ?? undefined;
  } while (before !== undefined && pages.length < 1000);
  return pages;
}

/** Cursors no list of the store hands out: not base64 JSON, not a list, the wrong length or the wrong types. */
/** The lists whose cursors name them (hub/src/paging.ts). */
const LISTS = ['stations', 'schedules', 'announcements', 'alarms', 'feedback', 'status', 'totals'];
export const FORGED_CURSORS = [
  Buffer.from('not-json').toString('base64url'),
  Buffer.from('{"raisedAt":"2026"}').toString('base64url'),
  encodeCursor('another list', ['2026-11-28T02:00:00.000Z', 'station', 'item']),
  // Under every list's own name, a key of no list's shape.
  ...LISTS.flatMap((list) => [
    encodeCursor(list, []),
    encodeCursor(list, ['2026-11-28T02:00:00.000Z']),
    encodeCursor(list, [1, 'station']),
    encodeCursor(list, [1, 'station', 'item']),
    encodeCursor(list, ['a', 'b', 'c', 'd']),
  ]),
];

export async function expectInvalidCursor(read: Promise<unknown>): Promise<void> {
  await expect(read).rejects.toMatchObject({ code: 'YZ_ERR_INVALID_QUERY', statusCode: 400 });
}
