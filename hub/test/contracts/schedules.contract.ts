import { describe, expect, it } from 'vitest';
import type { AnnouncementRecord, ScheduleRecord, Target } from '../../src/schedules/schema.ts';
import {
  addStations,
  allPages,
  expectInvalidCursor,
  FORGED_CURSORS,
  GULOU,
  ingest,
  QUANSHAN,
  REGISTERED,
  raised,
  type StoreEngine,
  stationProfile,
  storePerTest,
} from './engine.ts';

const A = stationProfile('quanshan-sanbao', QUANSHAN);
const A2 = stationProfile('quanshan-tongshan', QUANSHAN);
const B = stationProfile('gulou-huaihai', GULOU);
const ALL: Target = { kind: 'all' };
const TO_QUANSHAN: Target = { kind: 'district', district: QUANSHAN };
const TO_GULOU: Target = { kind: 'district', district: GULOU };
const TO_A: Target = { kind: 'station', stationId: A.id };
const TO_B: Target = { kind: 'station', stationId: B.id };

const schedule = (id: string, startsLocal: string, target: Target, rrule: string | null = null): ScheduleRecord => ({
  id,
  content: { title: { zh: '爱心理发', en: 'Free haircut' }, bring: { zh: '会员码', en: 'Member code' } },
  target,
  startsLocal,
  endsLocal: `${startsLocal.slice(0, 11)}12:00`,
  rrule,
  createdAt: REGISTERED,
  updatedAt: REGISTERED,
});
const announcement = (
  id: string,
  startsAt: string,
  target: Target,
  endsAt: string | null = null,
): AnnouncementRecord => ({
  id,
  text: { zh: '冬至包饺子', en: 'Winter Solstice dumplings' },
  target,
  startsAt,
  endsAt,
  createdAt: REGISTERED,
});

/** One of each target, starting in the order of their ids. */
const SCHEDULES = [
  schedule('s1-all', '2026-12-01T09:00', ALL, 'FREQ=WEEKLY;BYDAY=MO'),
  schedule('s2-quanshan', '2026-12-02T09:00', TO_QUANSHAN),
  schedule('s3-gulou', '2026-12-03T09:00', TO_GULOU),
  schedule('s4-a', '2026-12-04T09:00', TO_A),
  schedule('s5-b', '2026-12-05T09:00', TO_B),
];
const ANNOUNCEMENTS = [
  announcement('n1-all', '2026-12-01T00:00:00.000Z', ALL),
  announcement('n2-quanshan', '2026-12-02T00:00:00.000Z', TO_QUANSHAN, '2026-12-10T00:00:00.000Z'),
  announcement('n3-gulou', '2026-12-03T00:00:00.000Z', TO_GULOU),
  announcement('n4-a', '2026-12-04T00:00:00.000Z', TO_A, '2026-12-05T00:00:00.000Z'),
  announcement('n5-b', '2026-12-05T00:00:00.000Z', TO_B),
];
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

export function describeScheduleStoreContract(engine: StoreEngine): void {
  describe(`schedule store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const schedules = () => store().schedules;
    const plan = async () => {
      await addStations(store(), A, A2, B);
      // Put in reverse, so the order read back is the store's.
      for (const s of [...SCHEDULES].reverse()) await schedules().putSchedule(s);
      for (const a of [...ANNOUNCEMENTS].reverse()) await schedules().putAnnouncement(a);
    };

    describe('schedules', () => {
      it('keeps a schedule as put and replaces it by id; unknown ids are undefined', async () => {
        await plan();
        expect(await schedules().schedule('s1-all')).toEqual(SCHEDULES[0]);
        const moved = {
          ...schedule('s1-all', '2026-12-07T14:00', TO_GULOU),
          content: { title: { zh: '普法日', en: 'Legal-aid day' } },
          updatedAt: '2026-11-28T02:00:00.000Z',
        };
        await schedules().putSchedule(moved);
        expect(await schedules().schedule('s1-all')).toEqual(moved);
        expect(await schedules().schedule('s-unknown')).toBeUndefined();
      });

      it('lists in order of first start, all or what reaches a district, its stations included', async () => {
        await plan();
        expect(await schedules().schedules({}, { limit: 10 })).toEqual({ items: SCHEDULES, next: null });
        expect(idsOf((await schedules().schedules({ district: QUANSHAN }, { limit: 10 })).items)).toEqual([
          's1-all',
          's2-quanshan',
          's4-a',
        ]);
        expect(idsOf((await schedules().schedules({ district: '贾汪区' }, { limit: 10 })).items)).toEqual(['s1-all']);
        await store().stations.update(B.id, { district: QUANSHAN });
        expect(idsOf((await schedules().schedules({ district: QUANSHAN }, { limit: 10 })).items)).toEqual([
          's1-all',
          's2-quanshan',
          's4-a',
          's5-b',
        ]);
      });

      it('breaks a tie of start by id, and pages at exactly `limit` and one more', async () => {
        await addStations(store(), A);
        const same = ['t-b', 't-a', 't-c'].map((id) => schedule(id, '2026-12-01T09:00', ALL));
        await Promise.all(same.map((s) => schedules().putSchedule(s)));
        const pages = (limit: number) => allPages((p) => schedules().schedules({}, p), limit);
        expect((await pages(3)).map(idsOf)).toEqual([['t-a', 't-b', 't-c']]);
        await schedules().putSchedule(schedule('t-0', '2026-11-30T09:00', TO_A));
        expect((await pages(3)).map(idsOf)).toEqual([['t-0', 't-a', 't-b'], ['t-c']]);
        expect((await pages(2)).map(idsOf)).toEqual([
          ['t-0', 't-a'],
          ['t-b', 't-c'],
        ]);
      });

      it('is empty with no schedules', async () => {
        expect(await schedules().schedules({}, { limit: 10 })).toEqual({ items: [], next: null });
        expect(await schedules().schedulesFor(A.id, QUANSHAN)).toEqual([]);
      });

      it('gives a station what reaches it: city-wide, its district, its own', async () => {
        await plan();
        expect(await schedules().schedulesFor(A.id, QUANSHAN)).toEqual([SCHEDULES[0], SCHEDULES[1], SCHEDULES[3]]);
        expect(idsOf(await schedules().schedulesFor(A2.id, QUANSHAN))).toEqual(['s1-all', 's2-quanshan']);
        expect(idsOf(await schedules().schedulesFor(B.id, GULOU))).toEqual(['s1-all', 's3-gulou', 's5-b']);
      });

      it('deletes once; a deleted schedule is gone from every read', async () => {
        await plan();
        const results = await Promise.all([
          schedules().deleteSchedule('s2-quanshan'),
          schedules().deleteSchedule('s2-quanshan'),
        ]);
        expect([...results].sort()).toEqual([false, true]);
        expect(await schedules().deleteSchedule('s-unknown')).toBe(false);
        expect(await schedules().schedule('s2-quanshan')).toBeUndefined();
        expect(idsOf(await schedules().schedulesFor(A.id, QUANSHAN))).toEqual(['s1-all', 's4-a']);
        expect(idsOf((await schedules().schedules({}, { limit: 10 })).items)).toEqual([
          's1-all',
          's3-gulou',
          's4-a',
          's5-b',
        ]);
      });
    });

    describe('announcements', () => {
      it('lists in order of start, all or what reaches a district, and replaces by id', async () => {
        await plan();
        expect(await schedules().announcements({}, { limit: 10 })).toEqual({ items: ANNOUNCEMENTS, next: null });
        expect(idsOf((await schedules().announcements({ district: GULOU }, { limit: 10 })).items)).toEqual([
          'n1-all',
          'n3-gulou',
          'n5-b',
        ]);
        const edited = announcement('n1-all', '2026-12-06T00:00:00.000Z', TO_A, '2026-12-07T00:00:00.000Z');
        await schedules().putAnnouncement(edited);
        expect((await schedules().announcements({}, { limit: 10 })).items.at(-1)).toEqual(edited);
        expect(await schedules().announcement('n1-all')).toEqual(edited);
        expect(await schedules().announcement('n-none')).toBeUndefined();
        expect(idsOf((await schedules().announcements({ district: GULOU }, { limit: 10 })).items)).toEqual([
          'n3-gulou',
          'n5-b',
        ]);
      });

      it('pages at exactly `limit` and one more', async () => {
        await plan();
        const pages = (limit: number) => allPages((p) => schedules().announcements({}, p), limit);
        expect((await pages(5)).map(idsOf)).toEqual([idsOf(ANNOUNCEMENTS)]);
        expect((await pages(4)).map(idsOf)).toEqual([idsOf(ANNOUNCEMENTS.slice(0, 4)), ['n5-b']]);
        expect((await pages(2)).map(idsOf)).toEqual([['n1-all', 'n2-quanshan'], ['n3-gulou', 'n4-a'], ['n5-b']]);
      });

      it('gives a station what reaches it and has not ended, an end at `now` being past', async () => {
        await plan();
        expect(await schedules().announcementsFor(A.id, QUANSHAN, '2026-12-04T12:00:00.000Z')).toEqual([
          ANNOUNCEMENTS[0],
          ANNOUNCEMENTS[1],
          ANNOUNCEMENTS[3],
        ]);
        expect(idsOf(await schedules().announcementsFor(A.id, QUANSHAN, '2026-12-05T00:00:00.000Z'))).toEqual([
          'n1-all',
          'n2-quanshan',
        ]);
        expect(idsOf(await schedules().announcementsFor(A2.id, QUANSHAN, '2026-12-10T00:00:00.000Z'))).toEqual([
          'n1-all',
        ]);
        expect(idsOf(await schedules().announcementsFor(B.id, GULOU, '2026-11-01T00:00:00.000Z'))).toEqual([
          'n1-all',
          'n3-gulou',
          'n5-b',
        ]);
      });

      it('deletes once; unknown ids are false; none left is an empty list', async () => {
        await plan();
        for (const a of ANNOUNCEMENTS) expect(await schedules().deleteAnnouncement(a.id)).toBe(true);
        expect(await schedules().deleteAnnouncement('n1-all')).toBe(false);
        expect(await schedules().announcements({}, { limit: 10 })).toEqual({ items: [], next: null });
        expect(await schedules().announcementsFor(A.id, QUANSHAN, '2026-12-01T00:00:00.000Z')).toEqual([]);
      });
    });

    it('refuses a forged cursor, and a cursor of another list, with YZ_ERR_INVALID_QUERY', async () => {
      await plan();
      await ingest(store(), A.id, [
        raised(1, 'a1', '2026-11-28T01:00:00.000Z'),
        raised(2, 'a2', '2026-11-28T01:01:00.000Z'),
      ]);
      const alarms = await store().alarms.list({}, { limit: 1 });
      for (const before of [...FORGED_CURSORS, alarms.next!]) {
        await expectInvalidCursor(schedules().schedules({}, { limit: 10, before }));
        await expectInvalidCursor(schedules().announcements({}, { limit: 10, before }));
      }
    });
  });
}
