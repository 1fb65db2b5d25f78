import { describe, expect, it } from 'vitest';
import {
  addStations,
  event,
  GULOU,
  ingest,
  QUANSHAN,
  RECEIVED,
  type StoreEngine,
  stationProfile,
  storePerTest,
  visit,
} from './engine.ts';

const A = stationProfile('quanshan-sanbao', QUANSHAN);
const A2 = stationProfile('quanshan-tongshan', QUANSHAN);
const B = stationProfile('gulou-huaihai', GULOU);
const DAY = { from: '2026-11-28', to: '2026-11-28' };

const appliance = (seq: number, at: string, device: string, seconds: number) =>
  event(seq, 'appliance.session', at, { device, startedAt: at, endedAt: at, seconds });
const sample = (seq: number, at: string, inside: number) =>
  event(seq, 'occupancy.sample', at, { inside, capacity: 20 });
const rejected = (seq: number, at: string, reason: 'expired' | 'replayed') =>
  event(seq, 'scan.rejected', at, { reason });

export function describeReportStoreContract(engine: StoreEngine): void {
  describe(`report store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const reports = () => store().reports;

    /**
     * Three stations' outbox in Shanghai time: A's visits on 27 Nov 23:30, 28 Nov 00:10, 09:30, 09:30 and
     * 09:45 (m_1 three times on the 28th) and 1 Dec; its rejections, appliance sessions and samples on the 28th.
     */
    const record = async () => {
      await addStations(store(), A, A2, B);
      await ingest(store(), A.id, [
        visit(1, '2026-11-27T15:30:00.000Z', 'rider', 'm_1'),
        visit(2, '2026-11-27T16:10:00.000Z', 'rider', 'm_1'),
        visit(3, '2026-11-28T01:30:00.000Z', 'courier'),
        visit(4, '2026-11-28T01:30:00.000Z', 'rider', 'm_1'),
        visit(5, '2026-11-28T01:45:00.000Z', 'rider', 'm_2'),
        visit(6, '2026-12-01T02:00:00.000Z', 'driver', 'm_1'),
        rejected(7, '2026-11-28T01:05:00.000Z', 'expired'),
        rejected(8, '2026-11-28T01:06:00.000Z', 'expired'),
        rejected(9, '2026-11-28T01:07:00.000Z', 'replayed'),
        appliance(10, '2026-11-28T03:00:00.000Z', 'microwave', 120),
        appliance(11, '2026-11-28T04:00:00.000Z', 'microwave', 95.5),
        appliance(12, '2026-11-28T04:10:00.000Z', 'kettle', 30),
        sample(13, '2026-11-28T01:00:00.000Z', 1),
        sample(14, '2026-11-28T02:00:00.000Z', 2),
        sample(15, '2026-11-28T03:00:00.000Z', 2),
      ]);
      await ingest(store(), A2.id, [visit(1, '2026-11-28T02:00:00.000Z', 'rider', 'm_3')]);
      await ingest(store(), B.id, [
        visit(1, '2026-11-28T02:00:00.000Z', 'rider'),
        visit(2, '2026-11-28T02:10:00.000Z', 'rider'),
        visit(3, '2026-11-28T03:00:00.000Z', 'courier', 'm_1'),
      ]);
    };

    it('counts visits per local hour, day and month, by station, category and method, in that order', async () => {
      await record();
      expect(await reports().visits({ ...DAY, stationId: A.id }, 'hour')).toEqual([
        { period: '2026-11-28T00', stationId: A.id, category: 'rider', method: 'code', count: 1 },
        { period: '2026-11-28T09', stationId: A.id, category: 'courier', method: 'walk-in', count: 1 },
        { period: '2026-11-28T09', stationId: A.id, category: 'rider', method: 'code', count: 2 },
      ]);
      expect(await reports().visits(DAY, 'day')).toEqual([
        { period: '2026-11-28', stationId: B.id, category: 'courier', method: 'code', count: 1 },
        { period: '2026-11-28', stationId: B.id, category: 'rider', method: 'walk-in', count: 2 },
        { period: '2026-11-28', stationId: A.id, category: 'courier', method: 'walk-in', count: 1 },
        { period: '2026-11-28', stationId: A.id, category: 'rider', method: 'code', count: 3 },
        { period: '2026-11-28', stationId: A2.id, category: 'rider', method: 'code', count: 1 },
      ]);
      expect(await reports().visits({ from: '2026-11-01', to: '2026-12-31', stationId: A.id }, 'month')).toEqual([
        { period: '2026-11', stationId: A.id, category: 'courier', method: 'walk-in', count: 1 },
        { period: '2026-11', stationId: A.id, category: 'rider', method: 'code', count: 4 },
        { period: '2026-12', stationId: A.id, category: 'driver', method: 'code', count: 1 },
      ]);
    });

    it('keeps to the range (both days included) and the scope', async () => {
      await record();
      const days = { from: '2026-11-27', to: '2026-11-28', district: GULOU };
      expect(await reports().visits(days, 'day')).toEqual([
        { period: '2026-11-28', stationId: B.id, category: 'courier', method: 'code', count: 1 },
        { period: '2026-11-28', stationId: B.id, category: 'rider', method: 'walk-in', count: 2 },
      ]);
      expect(await reports().visits({ from: '2026-11-27', to: '2026-11-27' }, 'day')).toEqual([
        { period: '2026-11-27', stationId: A.id, category: 'rider', method: 'code', count: 1 },
      ]);
      expect(await reports().visits({ ...DAY, district: QUANSHAN, stationId: B.id }, 'day')).toEqual([]);
    });

    it('sums visits per day and district over its stations', async () => {
      await record();
      expect(await reports().districtVisits(DAY)).toEqual([
        { day: '2026-11-28', district: QUANSHAN, category: 'courier', method: 'walk-in', count: 1 },
        { day: '2026-11-28', district: QUANSHAN, category: 'rider', method: 'code', count: 4 },
        { day: '2026-11-28', district: GULOU, category: 'courier', method: 'code', count: 1 },
        { day: '2026-11-28', district: GULOU, category: 'rider', method: 'walk-in', count: 2 },
      ]);
      expect(await reports().districtVisits({ ...DAY, district: GULOU, stationId: B.id })).toHaveLength(2);
    });

    it('counts each member once per station and period however often they came', async () => {
      await record();
      const range = { from: '2026-11-27', to: '2026-12-01' };
      expect(await reports().distinctMembers(range, 'day')).toEqual([
        { period: '2026-11-27', stationId: A.id, members: 1 },
        { period: '2026-11-28', stationId: B.id, members: 1 },
        { period: '2026-11-28', stationId: A.id, members: 2 },
        { period: '2026-11-28', stationId: A2.id, members: 1 },
        { period: '2026-12-01', stationId: A.id, members: 1 },
      ]);
      expect(await reports().distinctMembers({ ...range, district: QUANSHAN }, 'month')).toEqual([
        { period: '2026-11', stationId: A.id, members: 2 },
        { period: '2026-11', stationId: A2.id, members: 1 },
        { period: '2026-12', stationId: A.id, members: 1 },
      ]);
      expect(await reports().distinctMembers({ ...range, stationId: A.id }, 'range')).toEqual([
        { period: '2026-11-27..2026-12-01', stationId: A.id, members: 2 },
      ]);
    });

    it('sums appliance use, occupancy and rejections per local day', async () => {
      await record();
      expect(await reports().applianceUse(DAY)).toEqual([
        { day: '2026-11-28', stationId: A.id, device: 'kettle', sessions: 1, seconds: 30 },
        { day: '2026-11-28', stationId: A.id, device: 'microwave', sessions: 2, seconds: 215.5 },
      ]);
      expect(await reports().occupancy(DAY)).toEqual([
        { day: '2026-11-28', stationId: A.id, samples: 3, average: 1.67, peak: 2 },
      ]);
      expect(await reports().rejections(DAY)).toEqual([
        { day: '2026-11-28', stationId: A.id, reason: 'expired', count: 2 },
        { day: '2026-11-28', stationId: A.id, reason: 'replayed', count: 1 },
      ]);
    });

    it('keeps the occupation mix per local day and the visits per local hour of each area', async () => {
      await record();
      // 28 Nov in Shanghai: A's 00:10 rider, 09:30 courier and rider, 09:45 rider; A2's 10:00 rider; B's 10:00,
      // 10:10 riders and 11:00 courier.
      expect(await reports().categoryMix({}, '2026-11-28', '2026-11-28')).toEqual([
        { category: 'courier', visits: 2 },
        { category: 'rider', visits: 6 },
      ]);
      expect(await reports().categoryMix({ district: GULOU }, '2026-11-28', '2026-11-28')).toEqual([
        { category: 'courier', visits: 1 },
        { category: 'rider', visits: 2 },
      ]);
      expect(await reports().categoryMix({}, '2026-11-27', '2026-12-01')).toEqual([
        { category: 'courier', visits: 2 },
        { category: 'driver', visits: 1 },
        { category: 'rider', visits: 7 },
      ]);
      expect(await reports().hourlyTotals({}, '2026-11-28T00', '2026-11-28T23')).toEqual([
        { hour: '2026-11-28T00', visits: 1 },
        { hour: '2026-11-28T09', visits: 3 },
        { hour: '2026-11-28T10', visits: 3 },
        { hour: '2026-11-28T11', visits: 1 },
      ]);
      expect(await reports().hourlyTotals({ district: QUANSHAN }, '2026-11-28T10', '2026-11-28T10')).toEqual([
        { hour: '2026-11-28T10', visits: 1 },
      ]);
      expect(await reports().categoryMix({ district: '贾汪区' }, '2026-11-28', '2026-11-28')).toEqual([]);
    });

    it('gives what the trends compare: visits of areas, each district’s and station’s mix, each station’s figures', async () => {
      await record();
      expect(await reports().areaVisits({}, '2026-11-28', '2026-11-28')).toBe(8);
      expect(await reports().areaVisits({ district: QUANSHAN }, '2026-11-27', '2026-12-01')).toBe(7);
      expect(await reports().areaVisits({ district: '贾汪区' }, '2026-11-27', '2026-12-01')).toBe(0);
      expect(await reports().districtMix({}, '2026-11-28', '2026-11-28')).toEqual(
        [
          { district: QUANSHAN, category: 'courier', visits: 1 },
          { district: QUANSHAN, category: 'rider', visits: 4 },
          { district: GULOU, category: 'courier', visits: 1 },
          { district: GULOU, category: 'rider', visits: 2 },
        ].sort((a, b) =>
          a.district < b.district ? -1 : a.district > b.district ? 1 : a.category < b.category ? -1 : 1,
        ),
      );
      expect(await reports().stationMix({ from: '2026-11-28', to: '2026-11-28', district: QUANSHAN })).toEqual([
        { stationId: A.id, category: 'courier', visits: 1 },
        { stationId: A.id, category: 'rider', visits: 3 },
        { stationId: A2.id, category: 'rider', visits: 1 },
      ]);
      expect(await reports().stationFigures({}, '2026-11-28', '2026-11-28')).toEqual(
        [
          // A: 00:10 and three at 09:xx; microwave twice and a kettle.
          { stationId: A.id, visits: 4, applianceSessions: 3, applianceSeconds: 245.5, busiestHour: 9 },
          { stationId: A2.id, visits: 1, applianceSessions: 0, applianceSeconds: 0, busiestHour: 10 },
          { stationId: B.id, visits: 3, applianceSessions: 0, applianceSeconds: 0, busiestHour: 10 },
        ].sort((a, b) => (a.stationId < b.stationId ? -1 : 1)),
      );
      expect(await reports().stationFigures({ stationId: B.id }, '2026-12-02', '2026-12-02')).toEqual([
        { stationId: B.id, visits: 0, applianceSessions: 0, applianceSeconds: 0, busiestHour: null },
      ]);
    });

    it('counts sign-ins at events per local day, occurrence, method and category, a re-sent batch once', async () => {
      await addStations(store(), A, B);
      const signIn = (seq: number, at: string, method: 'code' | 'tap', member?: string) =>
        event(seq, 'event.attended', at, {
          eventId: 'sch-gifts@2026-11-28',
          method,
          category: 'rider',
          ...(member ? { member } : {}),
        });
      const batch = [
        signIn(1, '2026-11-28T02:00:00.000Z', 'code', 'm_1'),
        signIn(2, '2026-11-28T02:05:00.000Z', 'code', 'm_2'),
        signIn(3, '2026-11-28T02:06:00.000Z', 'tap'),
      ];
      await ingest(store(), A.id, batch);
      await ingest(store(), A.id, batch);
      await ingest(store(), B.id, [signIn(1, '2026-11-28T03:00:00.000Z', 'tap')]);
      expect(await reports().attendance({ from: '2026-11-28', to: '2026-11-28' })).toEqual(
        [
          {
            day: '2026-11-28',
            stationId: A.id,
            eventId: 'sch-gifts@2026-11-28',
            method: 'code',
            category: 'rider',
            count: 2,
          },
          {
            day: '2026-11-28',
            stationId: A.id,
            eventId: 'sch-gifts@2026-11-28',
            method: 'tap',
            category: 'rider',
            count: 1,
          },
          {
            day: '2026-11-28',
            stationId: B.id,
            eventId: 'sch-gifts@2026-11-28',
            method: 'tap',
            category: 'rider',
            count: 1,
          },
        ].sort((x, y) =>
          x.stationId < y.stationId ? -1 : x.stationId > y.stationId ? 1 : x.method < y.method ? -1 : 1,
        ),
      );
      expect(await reports().attendance({ from: '2026-11-28', to: '2026-11-28', stationId: B.id })).toHaveLength(1);
    });

    it('reports nothing for a range, district or station without data', async () => {
      await record();
      const empty = [
        { from: '2026-11-29', to: '2026-11-30' },
        { ...DAY, district: '贾汪区' },
        { ...DAY, stationId: 'nowhere' },
      ];
      for (const range of empty) {
        expect(await reports().visits(range, 'hour')).toEqual([]);
        expect(await reports().visits(range, 'month')).toEqual([]);
        expect(await reports().districtVisits(range)).toEqual([]);
        expect(await reports().distinctMembers(range, 'range')).toEqual([]);
        expect(await reports().applianceUse(range)).toEqual([]);
        expect(await reports().occupancy(range)).toEqual([]);
        expect(await reports().rejections(range)).toEqual([]);
      }
    });

    it("keeps a retired station's history, and counts a re-sent batch once", async () => {
      await record();
      await ingest(store(), B.id, [visit(1, '2026-11-28T02:00:00.000Z', 'rider')]);
      await store().stations.retire(B.id, RECEIVED);
      expect(await reports().visits({ ...DAY, stationId: B.id }, 'hour')).toEqual([
        { period: '2026-11-28T10', stationId: B.id, category: 'rider', method: 'walk-in', count: 2 },
        { period: '2026-11-28T11', stationId: B.id, category: 'courier', method: 'code', count: 1 },
      ]);
      expect(await reports().visits({ ...DAY, stationId: B.id }, 'day')).toEqual([
        { period: '2026-11-28', stationId: B.id, category: 'courier', method: 'code', count: 1 },
        { period: '2026-11-28', stationId: B.id, category: 'rider', method: 'walk-in', count: 2 },
      ]);
    });
  });
}
