import { describe, expect, it } from 'vitest';
import { addStations, event, ingest, raised, type StoreEngine, stationProfile, storePerTest, visit } from './engine.ts';

/** Three levels of area: two provinces, two cities in one of them, and a station without a province. */
const XUZHOU = { province: '江苏', city: '徐州市' };
const NANJING = { province: '江苏', city: '南京市' };
const JINAN = { province: '山东', city: '济南市' };
const A = stationProfile('quanshan-sanbao', '泉山区', XUZHOU);
const A2 = stationProfile('quanshan-kuangda', '泉山区', XUZHOU);
const B = stationProfile('gulou-huaihai', '鼓楼区', XUZHOU);
const C = stationProfile('gulou-nanjing', '鼓楼区', NANJING);
const D = stationProfile('lixia-quancheng', '历下区', JINAN);
const E = stationProfile('old-registry', '云龙区');

const TODAY = '2026-11-28';
/** 09:00 on 2026-11-28 in Shanghai. */
const MORNING = '2026-11-28T01:00:00.000Z';
const seenAt = '2026-11-28T01:30:00.000Z';
const sample = (seq: number, inside: number, at = MORNING) =>
  event(seq, 'occupancy.sample', at, { inside, capacity: 20 });
const zero = { online: 0, inside: 0, openAlarms: 0, todayVisits: 0, yearVisits: 0 };

export function describeAreaTotalsContract(engine: StoreEngine): void {
  describe(`area totals, online marks and leases (${engine.name})`, () => {
    const store = storePerTest(engine);
    const totals = async (level: 'country' | 'province' | 'city' | 'district', filter = {}, limit = 100) =>
      (await store().sync.totals(level, filter, TODAY, '2026', { limit })).items;

    it('counts stations at every level, in province, city, district order, one row for the country', async () => {
      await addStations(store(), A, A2, B, C, D, E);
      expect(await totals('country')).toEqual([{ province: null, city: null, district: null, stations: 6, ...zero }]);
      expect(await totals('province')).toEqual([
        { province: null, city: null, district: null, stations: 1, ...zero },
        { province: '山东', city: null, district: null, stations: 1, ...zero },
        { province: '江苏', city: null, district: null, stations: 4, ...zero },
      ]);
      expect(await totals('city', { province: '江苏' })).toEqual([
        { province: '江苏', city: '南京市', district: null, stations: 1, ...zero },
        { province: '江苏', city: '徐州市', district: null, stations: 3, ...zero },
      ]);
      expect(await totals('district', { city: '徐州市' })).toEqual([
        { province: '江苏', city: '徐州市', district: '泉山区', stations: 2, ...zero },
        { province: '江苏', city: '徐州市', district: '鼓楼区', stations: 1, ...zero },
      ]);
      // The same district name in two cities stays two areas.
      expect((await totals('district', { district: '鼓楼区' })).map((r) => r.city)).toEqual(['南京市', '徐州市']);
      expect(await totals('district', { province: '浙江' })).toEqual([]);
    });

    it('pages areas by their key and refuses a forged cursor', async () => {
      await addStations(store(), A, B, C, D, E);
      const first = await store().sync.totals('district', {}, TODAY, '2026', { limit: 2 });
      expect(first.items.map((r) => r.district)).toEqual(['云龙区', '历下区']);
      const second = await store().sync.totals('district', {}, TODAY, '2026', { limit: 2, before: first.next! });
      const third = await store().sync.totals('district', {}, TODAY, '2026', { limit: 2, before: second.next! });
      expect([...second.items, ...third.items].map((r) => `${r.city}${r.district}`)).toEqual([
        '南京市鼓楼区',
        '徐州市泉山区',
        '徐州市鼓楼区',
      ]);
      expect(third.next).toBeNull();
      await expect(
        store().sync.totals('district', {}, TODAY, '2026', { limit: 2, before: 'bm90LWpzb24' }),
      ).rejects.toMatchObject({ code: 'YZ_ERR_INVALID_QUERY' });
    });

    it('adds visits, people inside online stations and open alarms to every level above', async () => {
      await addStations(store(), A, A2, C);
      await ingest(store(), A.id, [visit(1, MORNING, 'rider'), visit(2, MORNING, 'courier'), sample(3, 4)], seenAt);
      await ingest(store(), A2.id, [visit(1, MORNING, 'rider'), raised(2, 'warm', MORNING)], seenAt);
      await ingest(store(), C.id, [visit(1, '2026-11-27T01:00:00.000Z', 'driver'), sample(2, 3)], seenAt);
      const counts = { province: '江苏', city: null, district: null, stations: 3, online: 3, inside: 7, openAlarms: 1 };
      expect(await totals('province')).toEqual([{ ...counts, todayVisits: 3, yearVisits: 4 }]);
      expect(await totals('district', { city: '徐州市' })).toEqual([
        {
          province: '江苏',
          city: '徐州市',
          district: '泉山区',
          stations: 2,
          online: 2,
          inside: 4,
          openAlarms: 1,
          todayVisits: 3,
          yearVisits: 3,
        },
      ]);
      // A filter narrows the visits too, at whatever level the totals are asked.
      expect((await totals('country', { city: '南京市' }))[0]).toMatchObject({
        stations: 1,
        todayVisits: 0,
        yearVisits: 1,
      });
      expect((await totals('province', { district: '泉山区' }))[0]).toMatchObject({ stations: 2, todayVisits: 3 });
      // A second look at the same batch changes nothing.
      await ingest(store(), A.id, [visit(1, MORNING, 'rider'), visit(2, MORNING, 'courier'), sample(3, 4)], seenAt);
      expect((await totals('country'))[0]).toMatchObject({ inside: 7, todayVisits: 3, yearVisits: 4 });
    });

    it('follows each new count of people inside an online station, and forgets it once the station is silent', async () => {
      await addStations(store(), A, B);
      await ingest(store(), A.id, [sample(1, 3)], seenAt);
      await ingest(store(), A.id, [sample(2, 5, '2026-11-28T01:10:00.000Z')], seenAt);
      await ingest(store(), A.id, [sample(3, 9, '2026-11-28T01:20:00.000Z')], seenAt);
      // An older sample arriving late changes nothing.
      await ingest(store(), A.id, [sample(4, 1, '2026-11-28T00:50:00.000Z')], seenAt);
      expect((await totals('country'))[0]).toMatchObject({ online: 1, inside: 9 });
      expect(await store().stations.markSilent('2026-11-28T02:00:00.000Z')).toEqual([A.id]);
      expect((await totals('country'))[0]).toMatchObject({ online: 0, inside: 0 });
    });

    it('marks stations silent once, takes their people off the totals, and marks them online when heard again', async () => {
      await addStations(store(), A, B);
      await ingest(store(), A.id, [sample(1, 5)], '2026-11-28T01:00:00.000Z');
      await ingest(store(), B.id, [sample(1, 2)], '2026-11-28T01:10:00.000Z');
      expect((await totals('country'))[0]).toMatchObject({ online: 2, inside: 7 });
      // Last seen before 01:05: only A; the boundary itself is not before.
      expect(await store().stations.markSilent('2026-11-28T01:05:00.000Z')).toEqual([A.id]);
      expect(await store().stations.markSilent('2026-11-28T01:05:00.000Z')).toEqual([]);
      expect(await store().stations.markSilent('2026-11-28T01:10:00.000Z')).toEqual([]);
      expect((await totals('country'))[0]).toMatchObject({ online: 1, inside: 2 });
      // A silent station's new count of people waits for it to be online again.
      await store().stations.markSeen(A.id, '2026-11-28T02:00:00.000Z');
      expect((await totals('country'))[0]).toMatchObject({ online: 2, inside: 7 });
      await store().stations.markSeen(A.id, '2026-11-28T02:01:00.000Z');
      expect((await totals('country'))[0]).toMatchObject({ online: 2, inside: 7 });
      expect(await store().stations.markSilent('2026-11-28T03:00:00.000Z')).toEqual([B.id, A.id].sort());
      expect((await totals('country'))[0]).toMatchObject({ online: 0, inside: 0 });
    });

    it('moves a station between areas, and leaves retired stations out of every count', async () => {
      await addStations(store(), A, B);
      await ingest(store(), A.id, [sample(1, 5), raised(2, 'warm', MORNING)], seenAt);
      expect(await store().stations.update(A.id, { district: '鼓楼区' })).toBe(true);
      expect(await totals('district', { city: '徐州市' })).toEqual([
        {
          province: '江苏',
          city: '徐州市',
          district: '鼓楼区',
          stations: 2,
          online: 1,
          inside: 5,
          openAlarms: 1,
          todayVisits: 0,
          yearVisits: 0,
        },
      ]);
      expect(await store().stations.retire(A.id, seenAt)).toBe(true);
      expect(await totals('country')).toEqual([{ province: null, city: null, district: null, stations: 1, ...zero }]);
      expect(await store().stations.markSilent('2026-11-29T00:00:00.000Z')).toEqual([]);
    });

    it('pages the live rows in district then id order', async () => {
      await addStations(store(), A, A2, B, C);
      const first = await store().sync.livePage({}, TODAY, '2026', { limit: 3 });
      const second = await store().sync.livePage({}, TODAY, '2026', { limit: 3, before: first.next! });
      expect([...first.items, ...second.items].map((r) => r.stationId)).toEqual([A2.id, A.id, B.id, C.id]);
      expect(second.next).toBeNull();
      expect((await store().sync.livePage({ district: '鼓楼区' }, TODAY, '2026', { limit: 3 })).items).toHaveLength(2);
    });

    it('gives a lease to one holder at a time until it expires, and renews it for its holder', async () => {
      const leases = store().leases;
      const now = Date.parse(MORNING);
      const [first, second] = await Promise.all([
        leases.acquire('sweep', 'hub-1', now, 1000),
        leases.acquire('sweep', 'hub-2', now, 1000),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const holder = first ? 'hub-1' : 'hub-2';
      const other = first ? 'hub-2' : 'hub-1';
      expect(await leases.acquire('sweep', holder, now + 500, 1000)).toBe(true);
      expect(await leases.acquire('sweep', other, now + 1400, 1000)).toBe(false);
      expect(await leases.acquire('sweep', other, now + 1500, 1000)).toBe(true);
      expect(await leases.acquire('sweep', holder, now + 1600, 1000)).toBe(false);
      expect(await leases.acquire('another job', holder, now + 1600, 1000)).toBe(true);
    });
  });
}
