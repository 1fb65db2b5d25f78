import { describe, expect, it } from 'vitest';
import {
  addStations,
  cleared,
  EPOCH,
  event,
  GULOU,
  ingest,
  QUANSHAN,
  RECEIVED,
  raised,
  type StoreEngine,
  shanghaiHour,
  stationProfile,
  storePerTest,
  visit,
} from './engine.ts';

const A = stationProfile('quanshan-sanbao', QUANSHAN, { name: '三胞广场工会驿站' });
const A2 = stationProfile('quanshan-tongshan', QUANSHAN);
const B = stationProfile('gulou-huaihai', GULOU, { capacity: 12 });
/** 09:00 on 2026-11-28 in Shanghai. */
const MORNING = '2026-11-28T01:00:00.000Z';
const visits = (from: number, to: number, at = MORNING) =>
  Array.from({ length: to - from + 1 }, (_, i) => visit(from + i, at, 'rider'));
const heartbeat = (seq: number, at: string) => event(seq, 'heartbeat', at, { uptimeSeconds: seq * 60 });
const sample = (seq: number, at: string, inside: number) =>
  event(seq, 'occupancy.sample', at, { inside, capacity: 20 });
const total = (counts: { count: number }[]) => counts.reduce((n, c) => n + c.count, 0);

export function describeSyncStoreContract(engine: StoreEngine): void {
  describe(`sync store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const sync = () => store().sync;
    const visitsOn = async (stationId: string, day = '2026-11-28') => total(await sync().dailyVisits(stationId, day));

    describe('ingest and ackSeq', () => {
      it('stores a batch once: re-sent or overlapping, only the new events count', async () => {
        await addStations(store(), A);
        expect(await ingest(store(), A.id, visits(1, 3))).toEqual({ ackSeq: 3, inserted: 3 });
        expect(await sync().ackSeq(A.id, EPOCH)).toBe(3);
        expect((await store().stations.get(A.id))?.lastSeenAt).toBe(RECEIVED);
        expect(await ingest(store(), A.id, visits(1, 3))).toEqual({ ackSeq: 3, inserted: 0 });
        expect(await ingest(store(), A.id, visits(2, 5))).toEqual({ ackSeq: 5, inserted: 2 });
        expect(await visitsOn(A.id)).toBe(5);
      });

      it('counts a seq repeated inside one batch once, as the first of them', async () => {
        await addStations(store(), A);
        const batch = [visit(1, MORNING, 'rider'), visit(1, MORNING, 'courier'), visit(2, MORNING, 'rider')];
        expect(await ingest(store(), A.id, batch)).toEqual({ ackSeq: 2, inserted: 2 });
        expect(await sync().dailyVisits(A.id, '2026-11-28')).toEqual([
          { category: 'rider', method: 'walk-in', count: 2 },
        ]);
      });

      it('never acks past a gap, and moves past it once the missing events arrive', async () => {
        await addStations(store(), A);
        expect(await ingest(store(), A.id, [...visits(1, 2), ...visits(4, 4)])).toEqual({ ackSeq: 2, inserted: 3 });
        expect(await ingest(store(), A.id, visits(6, 7))).toEqual({ ackSeq: 2, inserted: 2 });
        expect(await sync().ackSeq(A.id, EPOCH)).toBe(2);
        expect(await ingest(store(), A.id, visits(3, 3))).toEqual({ ackSeq: 4, inserted: 1 });
        expect(await ingest(store(), A.id, visits(5, 5))).toEqual({ ackSeq: 7, inserted: 1 });
        expect(await visitsOn(A.id)).toBe(7);
      });

      it('takes seqs in any order, within a batch and across batches', async () => {
        await addStations(store(), A);
        expect(await ingest(store(), A.id, [...visits(5, 6), ...visits(4, 4)])).toEqual({ ackSeq: 0, inserted: 3 });
        expect(await ingest(store(), A.id, [...visits(3, 3), ...visits(1, 2)])).toEqual({ ackSeq: 6, inserted: 3 });
      });

      it('keeps one cursor per station and epoch; an unknown one is 0', async () => {
        await addStations(store(), A, B);
        await ingest(store(), A.id, visits(1, 2));
        await ingest(store(), A.id, [visit(1, MORNING, 'courier', undefined, 'epoch-contract-2')]);
        await ingest(store(), B.id, visits(1, 3));
        expect(await sync().ackSeq(A.id, EPOCH)).toBe(2);
        expect(await sync().ackSeq(A.id, 'epoch-contract-2')).toBe(1);
        expect(await sync().ackSeq(B.id, EPOCH)).toBe(3);
        expect(await sync().ackSeq(A.id, 'epoch-unknown')).toBe(0);
        expect(await sync().ackSeq('nowhere', EPOCH)).toBe(0);
        expect(await visitsOn(A.id)).toBe(3);
      });

      it('loses and doubles nothing when batches of one station arrive at once, in any order', async () => {
        await addStations(store(), A);
        const outcomes = await Promise.all(
          [visits(7, 9), visits(1, 3), visits(4, 6)].map((b) => ingest(store(), A.id, b)),
        );
        expect(outcomes.reduce((n, o) => n + o.inserted, 0)).toBe(9);
        expect(await sync().ackSeq(A.id, EPOCH)).toBe(9);
        expect(await visitsOn(A.id)).toBe(9);
      });

      it('stores a batch sent twice at once one time, and acks it to both', async () => {
        await addStations(store(), A);
        const outcomes = await Promise.all([ingest(store(), A.id, visits(1, 4)), ingest(store(), A.id, visits(1, 4))]);
        expect(outcomes.map((o) => o.inserted).sort()).toEqual([0, 4]);
        expect(outcomes.map((o) => o.ackSeq)).toEqual([4, 4]);
        expect(await visitsOn(A.id)).toBe(4);
      });

      it('refuses a batch of an unknown station and holds nothing of it', async () => {
        await expect(ingest(store(), 'nowhere', visits(1, 2))).rejects.toThrow();
        expect(await sync().ackSeq('nowhere', EPOCH)).toBe(0);
        expect(await sync().dailyVisits('nowhere', '2026-11-28')).toEqual([]);
      });
    });

    describe('daily visits and rejections', () => {
      it('counts visits under their local day, by category then method', async () => {
        await addStations(store(), A, B);
        await ingest(store(), A.id, [
          visit(1, '2026-11-27T15:59:59.000Z', 'rider', 'm_1'),
          visit(2, '2026-11-27T16:00:00.000Z', 'rider', 'm_1'),
          visit(3, MORNING, 'rider'),
          visit(4, MORNING, 'courier', 'm_2'),
          visit(5, MORNING, 'rider', 'm_3'),
        ]);
        expect(await sync().dailyVisits(A.id, '2026-11-28')).toEqual([
          { category: 'courier', method: 'code', count: 1 },
          { category: 'rider', method: 'code', count: 2 },
          { category: 'rider', method: 'walk-in', count: 1 },
        ]);
        expect(await sync().dailyVisits(A.id, '2026-11-27')).toEqual([{ category: 'rider', method: 'code', count: 1 }]);
        expect(await sync().dailyVisits(A.id, '2026-11-29')).toEqual([]);
        expect(await sync().dailyVisits(B.id, '2026-11-28')).toEqual([]);
      });

      it('counts rejected scans under their local day, by reason', async () => {
        await addStations(store(), A);
        const rejected = (seq: number, at: string, reason: 'expired' | 'replayed' | 'revoked') =>
          event(seq, 'scan.rejected', at, { reason });
        await ingest(store(), A.id, [
          rejected(1, MORNING, 'revoked'),
          rejected(2, MORNING, 'expired'),
          rejected(3, MORNING, 'replayed'),
          rejected(4, MORNING, 'expired'),
          rejected(5, '2026-11-28T16:30:00.000Z', 'expired'),
        ]);
        expect(await sync().dailyRejections(A.id, '2026-11-28')).toEqual([
          { reason: 'expired', count: 2 },
          { reason: 'replayed', count: 1 },
          { reason: 'revoked', count: 1 },
        ]);
        expect(await sync().dailyRejections(A.id, '2026-11-29')).toEqual([{ reason: 'expired', count: 1 }]);
        expect(await sync().dailyRejections(A.id, '2026-11-27')).toEqual([]);
        expect(await sync().dailyRejections('nowhere', '2026-11-28')).toEqual([]);
      });
    });

    describe('what the office reads in its own words', () => {
      const described = (seq: number, at: string, label: string) =>
        event(seq, 'station.devices', at, {
          devices: [
            { id: 'microwave', kind: 'appliance', label: { zh: label, en: 'Microwave' } },
            { id: 'door-contact', kind: 'door' },
          ],
        });

      it('keeps the newest list of a station’s devices, whatever order the lists arrive in', async () => {
        await addStations(store(), A, B);
        await ingest(store(), A.id, [described(1, '2026-11-28T02:00:00.000Z', '新微波炉')]);
        await ingest(store(), A.id, [described(2, '2026-11-28T01:00:00.000Z', '旧微波炉')]);
        const devices = await store().stations.devices([A.id, B.id]);
        expect(devices.get(A.id)).toEqual([
          { id: 'microwave', kind: 'appliance', label: { zh: '新微波炉', en: 'Microwave' } },
          { id: 'door-contact', kind: 'door' },
        ]);
        expect(devices.get(B.id)).toEqual([]);
      });

      it('moves the live count and the peak on a change of the count, the average on timer samples only', async () => {
        await addStations(store(), A);
        const change = (seq: number, at: string, inside: number) =>
          event(seq, 'occupancy.sample', at, { inside, capacity: 20, changed: true });
        await ingest(store(), A.id, [
          sample(1, MORNING, 4),
          change(2, '2026-11-28T01:05:00.000Z', 11),
          sample(3, '2026-11-28T01:15:00.000Z', 6),
          change(4, '2026-11-28T01:20:00.000Z', 7),
        ]);
        const [row] = await sync().live({}, '2026-11-28', '2026');
        expect([row!.inside, row!.insideAt]).toEqual([7, '2026-11-28T01:20:00.000Z']);
        expect(await store().reports.occupancy({ from: '2026-11-28', to: '2026-11-28' })).toEqual([
          { day: '2026-11-28', stationId: A.id, samples: 2, average: 5, peak: 11 },
        ]);
      });

      it('keeps a day seen only through changes of the count, with its peak and no average', async () => {
        await addStations(store(), A);
        await ingest(store(), A.id, [
          event(1, 'occupancy.sample', MORNING, { inside: 3, capacity: 20, changed: true }),
        ]);
        expect(await store().reports.occupancy({ from: '2026-11-28', to: '2026-11-28' })).toEqual([
          { day: '2026-11-28', stationId: A.id, samples: 0, average: null, peak: 3 },
        ]);
      });

      it('keeps what an alarm measured beside its English detail', async () => {
        await addStations(store(), A);
        await ingest(store(), A.id, [
          event(1, 'alarm.raised', MORNING, {
            alarmId: 'bat-1',
            rule: 'battery-low',
            device: 'door-contact',
            detail: 'battery at 7%',
            facts: { batteryPct: 7, limitPct: 15 },
          }),
          raised(2, 'plain-1', MORNING),
        ]);
        const facts = async (id: string) => (await store().alarms.get(A.id, id))?.facts;
        expect(JSON.parse((await facts('bat-1'))!)).toEqual({ batteryPct: 7, limitPct: 15 });
        expect(await facts('plain-1')).toBeNull();
      });
    });

    describe('live rows and district totals', () => {
      const quiet = (p: typeof A) => ({
        stationId: p.id,
        name: p.name,
        district: p.district,
        capacity: p.capacity,
        lat: p.lat ?? null,
        lng: p.lng ?? null,
        lastSeenAt: null,
        lastHeartbeatAt: null,
        inside: null,
        insideAt: null,
        openAlarms: 0,
        unacknowledgedAlarms: 0,
        todayVisits: 0,
        yearVisits: 0,
      });

      it('gives each station not retired a row in district then id order, empty before it ever synced', async () => {
        await addStations(store(), B, A2, A);
        expect(await sync().live({}, '2026-11-28', '2026')).toEqual([quiet(A), quiet(A2), quiet(B)]);
        await store().stations.retire(A2.id, RECEIVED);
        expect(await sync().live({}, '2026-11-28', '2026')).toEqual([quiet(A), quiet(B)]);
      });

      it('keeps the newest heartbeat and occupancy whatever order they arrive in, and counts open alarms', async () => {
        await addStations(store(), A);
        await ingest(store(), A.id, [
          heartbeat(1, '2026-11-28T01:50:00.000Z'),
          sample(2, '2026-11-28T01:50:00.000Z', 5),
          raised(3, 'a1', MORNING),
          raised(4, 'a2', MORNING),
          raised(5, 'a3', MORNING),
          cleared(6, 'a2', '2026-11-28T01:20:00.000Z'),
          ...visits(7, 8),
        ]);
        await store().alarms.acknowledge(A.id, 'a1', 'office', '2026-11-28T01:30:00.000Z');
        const later = '2026-11-28T02:05:00.000Z';
        await ingest(store(), A.id, [heartbeat(9, '2026-11-28T01:40:00.000Z'), sample(10, MORNING, 9)], later);
        expect(await sync().live({}, '2026-11-28', '2026')).toEqual([
          {
            ...quiet(A),
            lastSeenAt: later,
            lastHeartbeatAt: '2026-11-28T01:50:00.000Z',
            inside: 5,
            insideAt: '2026-11-28T01:50:00.000Z',
            // a1 acknowledged and a3 open; a2 cleared.
            openAlarms: 2,
            unacknowledgedAlarms: 1,
            todayVisits: 2,
            yearVisits: 2,
          },
        ]);
      });

      it('counts today and this year from the newest local day seen; a late day adds to its year only', async () => {
        await addStations(store(), A);
        const counts = async (today: string, year: string) => {
          const [row] = await sync().live({}, today, year);
          return [row!.todayVisits, row!.yearVisits];
        };
        await ingest(store(), A.id, visits(1, 2));
        expect(await counts('2026-11-28', '2026')).toEqual([2, 2]);
        await ingest(store(), A.id, visits(3, 3, '2026-11-27T01:00:00.000Z'));
        expect(await counts('2026-11-28', '2026')).toEqual([2, 3]);
        expect(await counts('2026-11-29', '2026')).toEqual([0, 3]);
        await ingest(store(), A.id, visits(4, 4, '2026-11-28T16:00:00.000Z'));
        expect(await counts('2026-11-29', '2026')).toEqual([1, 4]);
        expect(await counts('2026-11-28', '2026')).toEqual([0, 4]);
        await ingest(store(), A.id, visits(5, 5, '2026-12-31T16:00:00.000Z'));
        expect(await counts('2027-01-01', '2027')).toEqual([1, 1]);
        expect(await counts('2027-01-01', '2026')).toEqual([1, 0]);
      });

      it('reads live rows of the scope only', async () => {
        await addStations(store(), A, A2, B);
        const ids = async (scope: { district?: string; stationId?: string }) =>
          (await sync().live(scope, '2026-11-28', '2026')).map((r) => r.stationId);
        expect(await ids({ district: QUANSHAN })).toEqual([A.id, A2.id]);
        expect(await ids({ stationId: B.id })).toEqual([B.id]);
        expect(await ids({ district: QUANSHAN, stationId: B.id })).toEqual([]);
        expect(await ids({ district: '贾汪区' })).toEqual([]);
      });

      it('totals each district: online since a time, people inside online stations only, alarms, visits', async () => {
        await addStations(store(), A, A2, B, stationProfile('quanshan-retired', QUANSHAN));
        await store().stations.retire('quanshan-retired', RECEIVED);
        await ingest(store(), A.id, [sample(1, MORNING, 5), raised(2, 'a1', MORNING), ...visits(3, 4)]);
        await ingest(store(), A2.id, [sample(1, MORNING, 3), ...visits(2, 2)], '2026-11-28T01:50:00.000Z');
        const since = '2026-11-28T01:55:00.000Z';
        const gulou = {
          district: GULOU,
          stations: 1,
          online: 0,
          inside: 0,
          openAlarms: 0,
          unacknowledgedAlarms: 0,
          todayVisits: 0,
          yearVisits: 0,
        };
        expect(await sync().districtTotals({}, since, '2026-11-28', '2026')).toEqual([
          {
            district: QUANSHAN,
            stations: 2,
            online: 1,
            inside: 5,
            openAlarms: 1,
            unacknowledgedAlarms: 1,
            todayVisits: 3,
            yearVisits: 3,
          },
          gulou,
        ]);
        expect(await sync().districtTotals({ district: GULOU }, since, '2026-11-28', '2026')).toEqual([gulou]);
        expect(
          await sync().districtTotals({ stationId: A2.id }, '2026-11-28T01:50:00.000Z', '2026-11-29', '2026'),
        ).toEqual([
          {
            district: QUANSHAN,
            stations: 1,
            online: 1,
            inside: 3,
            openAlarms: 0,
            unacknowledgedAlarms: 0,
            todayVisits: 0,
            yearVisits: 1,
          },
        ]);
        expect(await sync().districtTotals({ district: '贾汪区' }, since, '2026-11-28', '2026')).toEqual([]);
      });
    });

    it('asks the local hour only of new events that count under a day', async () => {
      await addStations(store(), A);
      const asked = new Set<string>();
      const hour = (at: string) => {
        asked.add(at);
        return shanghaiHour(at);
      };
      const batch = [visit(1, MORNING, 'rider'), raised(2, 'a1', '2026-11-28T01:30:00.000Z'), heartbeat(3, RECEIVED)];
      await sync().ingest(A.id, EPOCH, batch, hour, RECEIVED);
      expect([...asked]).toEqual([MORNING]);
      asked.clear();
      await sync().ingest(A.id, EPOCH, batch, hour, RECEIVED);
      expect(asked.size).toBe(0);
    });
  });
}
