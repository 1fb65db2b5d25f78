import { describe, expect, it } from 'vitest';
import type { StationProfile, StationRecord } from '../../src/stations/schema.ts';
import {
  addStations,
  allPages,
  event,
  expectInvalidCursor,
  FORGED_CURSORS,
  GULOU,
  ingest,
  QUANSHAN,
  REGISTERED,
  type StoreEngine,
  stationProfile,
  storePerTest,
  YUNLONG,
} from './engine.ts';

const SANBAO = stationProfile('quanshan-sanbao', QUANSHAN, {
  name: '三胞广场工会驿站',
  address: '中山北路 1 号',
  lat: 34.261,
  lng: 117.186,
});
const HUAIHAI = stationProfile('gulou-huaihai', GULOU, { name: '淮海路工会驿站', capacity: 12 });

/** A station as the registry holds it straight after `insert(profile, hash, REGISTERED)`. */
const registered = (profile: StationProfile): StationRecord => ({
  ...profile,
  createdAt: REGISTERED,
  lastSeenAt: null,
  retiredAt: null,
  services: [],
  open24h: true,
  hours: null,
});

export function describeStationStoreContract(engine: StoreEngine): void {
  describe(`station store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const stations = () => store().stations;

    describe('insert, upsert, get', () => {
      it('inserts a station that get returns whole, with the registry defaults', async () => {
        expect(await stations().insert(SANBAO, 'hash-1', REGISTERED)).toBe(true);
        expect(await stations().get(SANBAO.id)).toEqual(registered(SANBAO));
        expect(await stations().findByTokenHash('hash-1')).toBe(SANBAO.id);
      });

      it('refuses an id that is taken and keeps the first station and its token', async () => {
        await stations().insert(SANBAO, 'hash-1', REGISTERED);
        expect(await stations().insert({ ...SANBAO, name: '另一个' }, 'hash-2', '2026-02-01T00:00:00.000Z')).toBe(
          false,
        );
        expect(await stations().get(SANBAO.id)).toEqual(registered(SANBAO));
        expect(await stations().findByTokenHash('hash-2')).toBeUndefined();
      });

      it('lets exactly one of two concurrent inserts of one id win', async () => {
        const results = await Promise.all([
          stations().insert(SANBAO, 'hash-1', REGISTERED),
          stations().insert({ ...SANBAO, name: '另一个' }, 'hash-2', REGISTERED),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? 'hash-1' : 'hash-2';
        expect(await stations().findByTokenHash(winner)).toBe(SANBAO.id);
        expect((await stations().list({}, { limit: 10 })).items).toHaveLength(1);
      });

      it('knows no unknown id or token', async () => {
        await addStations(store(), SANBAO);
        expect(await stations().get('nowhere')).toBeUndefined();
        expect(await stations().findByTokenHash('hash-nowhere')).toBeUndefined();
      });

      it('upserts a new station, then updates its profile and replaces its token, keeping the rest', async () => {
        await stations().upsert(SANBAO, 'hash-1', REGISTERED);
        expect(await stations().get(SANBAO.id)).toEqual(registered(SANBAO));
        await stations().setServices(SANBAO.id, ['water']);
        const moved = { ...SANBAO, district: YUNLONG, capacity: 30, address: null, lat: null, lng: null };
        await stations().upsert(moved, 'hash-2', '2026-03-01T00:00:00.000Z');
        expect(await stations().get(SANBAO.id)).toEqual({ ...registered(moved), services: ['water'] });
        expect(await stations().findByTokenHash('hash-1')).toBeUndefined();
        expect(await stations().findByTokenHash('hash-2')).toBe(SANBAO.id);
      });
    });

    describe('list', () => {
      it('is empty with no stations, and with no station in the district', async () => {
        expect(await stations().list({}, { limit: 10 })).toEqual({ items: [], next: null });
        await addStations(store(), SANBAO);
        expect(await stations().list({ district: GULOU }, { limit: 10 })).toEqual({ items: [], next: null });
      });

      it('orders by district then id, filters by district, and shows retired stations only when asked', async () => {
        const a = stationProfile('a-station', QUANSHAN);
        const b = stationProfile('b-station', YUNLONG);
        const c = stationProfile('c-station', QUANSHAN);
        await addStations(store(), c, HUAIHAI, b, a);
        await stations().retire(c.id, '2026-06-01T00:00:00.000Z');
        const ids = async (filter: { district?: string; includeRetired?: boolean }) =>
          (await stations().list(filter, { limit: 10 })).items.map((s) => s.id);
        expect(await ids({})).toEqual(['b-station', 'a-station', 'gulou-huaihai']);
        expect(await ids({ includeRetired: true })).toEqual(['b-station', 'a-station', 'c-station', 'gulou-huaihai']);
        expect(await ids({ district: QUANSHAN })).toEqual(['a-station']);
        expect(await ids({ district: QUANSHAN, includeRetired: true })).toEqual(['a-station', 'c-station']);
        const listed = await stations().list({ district: QUANSHAN, includeRetired: true }, { limit: 10 });
        expect(listed.items[1]).toEqual({ ...registered(c), retiredAt: '2026-06-01T00:00:00.000Z' });
      });

      it('gives exactly `limit` stations on one page, and one more on a second page', async () => {
        const fleet = ['s-1', 's-2', 's-3'].map((id) => stationProfile(id, QUANSHAN));
        await addStations(store(), ...fleet);
        const ids = (pages: StationRecord[][]) => pages.map((p) => p.map((s) => s.id));
        expect(ids(await allPages((p) => stations().list({}, p), 3))).toEqual([['s-1', 's-2', 's-3']]);
        await addStations(store(), stationProfile('s-4', QUANSHAN));
        expect(ids(await allPages((p) => stations().list({}, p), 3))).toEqual([['s-1', 's-2', 's-3'], ['s-4']]);
        expect(ids(await allPages((p) => stations().list({}, p), 1))).toEqual([['s-1'], ['s-2'], ['s-3'], ['s-4']]);
      });

      it('keeps its place across districts and when a station is added before the cursor', async () => {
        await addStations(store(), stationProfile('q-1', QUANSHAN), stationProfile('q-2', QUANSHAN), HUAIHAI);
        const first = await stations().list({}, { limit: 2 });
        expect(first.items.map((s) => s.id)).toEqual(['q-1', 'q-2']);
        await addStations(store(), stationProfile('q-0', QUANSHAN), stationProfile('y-1', YUNLONG));
        const second = await stations().list({}, { limit: 2, before: first.next! });
        expect(second).toEqual({ items: [expect.objectContaining({ id: HUAIHAI.id })], next: null });
      });

      it('refuses a forged cursor, and a cursor of another list, with YZ_ERR_INVALID_QUERY', async () => {
        await addStations(store(), SANBAO);
        for (const before of FORGED_CURSORS) await expectInvalidCursor(stations().list({}, { limit: 10, before }));
        await ingest(store(), SANBAO.id, [
          event(1, 'alarm.raised', '2026-11-28T01:00:00.000Z', { alarmId: 'a1', rule: 'r', detail: '' }),
          event(2, 'alarm.raised', '2026-11-28T01:01:00.000Z', { alarmId: 'a2', rule: 'r', detail: '' }),
        ]);
        const alarms = await store().alarms.list({}, { limit: 1 });
        await expectInvalidCursor(stations().list({}, { limit: 10, before: alarms.next! }));
      });
    });

    describe('tokens, sightings, edits, retirement', () => {
      it('replaces a token: the old one stops, the new one finds the station; unknown ids are false', async () => {
        await addStations(store(), SANBAO);
        expect(await stations().replaceToken(SANBAO.id, 'hash-new', '2026-02-01T00:00:00.000Z')).toBe(true);
        expect(await stations().findByTokenHash(`hash-${SANBAO.id}`)).toBeUndefined();
        expect(await stations().findByTokenHash('hash-new')).toBe(SANBAO.id);
        expect(await stations().replaceToken('nowhere', 'hash-x', '2026-02-01T00:00:00.000Z')).toBe(false);
        expect(await stations().findByTokenHash('hash-x')).toBeUndefined();
      });

      it('sweeps the stations last seen before a time silent once each, until they are heard from again', async () => {
        const late = stationProfile('late', QUANSHAN);
        const retired = stationProfile('retired', QUANSHAN);
        await addStations(store(), SANBAO, HUAIHAI, late, retired, stationProfile('never', GULOU));
        await stations().markSeen(SANBAO.id, '2026-11-28T01:59:00.000Z');
        await stations().markSeen(HUAIHAI.id, '2026-11-28T02:00:00.000Z');
        await stations().markSeen(late.id, '2026-11-28T02:05:00.000Z');
        await stations().markSeen(retired.id, '2026-11-28T01:00:00.000Z');
        await stations().retire(retired.id, '2026-11-28T01:30:00.000Z');
        await stations().markSeen('nowhere', '2026-11-28T02:05:00.000Z');
        expect(await stations().get('nowhere')).toBeUndefined();
        expect((await stations().get(late.id))?.lastSeenAt).toBe('2026-11-28T02:05:00.000Z');

        expect(await stations().markSilent('2026-11-28T02:00:00.000Z')).toEqual([SANBAO.id]);
        expect(await stations().markSilent('2026-11-28T02:00:00.000Z')).toEqual([]);
        expect(await stations().markSilent('2026-11-28T03:00:00.000Z')).toEqual([HUAIHAI.id, late.id]);
        await stations().markSeen(SANBAO.id, '2026-11-28T03:10:00.000Z');
        expect(await stations().markSilent('2026-11-28T03:00:00.000Z')).toEqual([]);
        expect(await stations().markSilent('2026-11-28T04:00:00.000Z')).toEqual([SANBAO.id]);
        expect((await stations().get(SANBAO.id))?.lastSeenAt).toBe('2026-11-28T03:10:00.000Z');
      });

      it('sweeps each silent station once when two sweeps run at once', async () => {
        await addStations(store(), SANBAO, HUAIHAI);
        await stations().markSeen(SANBAO.id, '2026-11-28T01:00:00.000Z');
        await stations().markSeen(HUAIHAI.id, '2026-11-28T01:00:00.000Z');
        const sweeps = await Promise.all([
          stations().markSilent('2026-11-28T02:00:00.000Z'),
          stations().markSilent('2026-11-28T02:00:00.000Z'),
        ]);
        expect(sweeps.flat().sort()).toEqual([HUAIHAI.id, SANBAO.id]);
      });

      it('edits only the fields given, clears nullable ones given as null, and edits retired stations', async () => {
        await addStations(store(), SANBAO);
        expect(await stations().update(SANBAO.id, { name: '三胞广场驿站', address: null, open24h: false })).toBe(true);
        expect(await stations().update(SANBAO.id, { hours: '08:00-20:00', lat: null, capacity: 25 })).toBe(true);
        const edited = {
          ...registered(SANBAO),
          name: '三胞广场驿站',
          address: null,
          open24h: false,
          hours: '08:00-20:00',
          lat: null,
          capacity: 25,
        };
        expect(await stations().get(SANBAO.id)).toEqual(edited);
        expect(await stations().update(SANBAO.id, { hours: null, open24h: true, district: GULOU })).toBe(true);
        expect(await stations().get(SANBAO.id)).toEqual({ ...edited, hours: null, open24h: true, district: GULOU });
        await stations().retire(SANBAO.id, '2026-06-01T00:00:00.000Z');
        expect(await stations().update(SANBAO.id, { name: '旧驿站' })).toBe(true);
        expect((await stations().get(SANBAO.id))?.name).toBe('旧驿站');
        expect(await stations().update('nowhere', { name: 'x' })).toBe(false);
      });

      it('retires once: the token stops working, the record stays; unknown and retired ids are false', async () => {
        await addStations(store(), SANBAO);
        const at = '2026-06-01T00:00:00.000Z';
        const results = await Promise.all([stations().retire(SANBAO.id, at), stations().retire(SANBAO.id, at)]);
        expect([...results].sort()).toEqual([false, true]);
        expect(await stations().get(SANBAO.id)).toEqual({ ...registered(SANBAO), retiredAt: at });
        expect(await stations().findByTokenHash(`hash-${SANBAO.id}`)).toBeUndefined();
        expect(await stations().retire(SANBAO.id, '2026-07-01T00:00:00.000Z')).toBe(false);
        expect(await stations().retire('nowhere', at)).toBe(false);
      });

      it('sets the service catalog in the order given, and can empty it; unknown ids are false', async () => {
        await addStations(store(), SANBAO);
        expect(await stations().setServices(SANBAO.id, ['water', 'microwave', 'charging'])).toBe(true);
        expect((await stations().get(SANBAO.id))?.services).toEqual(['water', 'microwave', 'charging']);
        expect(await stations().setServices(SANBAO.id, [])).toBe(true);
        expect((await stations().get(SANBAO.id))?.services).toEqual([]);
        expect(await stations().setServices('nowhere', ['water'])).toBe(false);
      });

      it('finds stations inside a box, edges included, and none without a location or retired', async () => {
        const edge = stationProfile('edge', QUANSHAN, { lat: 34.3, lng: 117.2 });
        const far = stationProfile('far', GULOU, { lat: 34.5, lng: 117.186 });
        const gone = stationProfile('gone', QUANSHAN, { lat: 34.262, lng: 117.187 });
        await addStations(store(), SANBAO, HUAIHAI, edge, far, gone);
        await stations().retire(gone.id, '2026-06-01T00:00:00.000Z');
        const box = { minLat: 34.2, maxLat: 34.3, minLng: 117.1, maxLng: 117.2 };
        const inside = await stations().within(box);
        expect(inside.map((s) => s.id).sort()).toEqual(['edge', SANBAO.id]);
        expect(inside.find((s) => s.id === SANBAO.id)).toEqual(registered(SANBAO));
        expect(await stations().within({ minLat: 0, maxLat: 1, minLng: 0, maxLng: 1 })).toEqual([]);
      });
    });
  });
}
