import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '@yizhan/shared';
import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_STATUSES,
  type FeedbackCase,
  type FeedbackStatus,
  type FeedbackSummary,
} from '../../src/feedback/schema.ts';
import type { FeedbackQuery } from '../../src/feedback/store.ts';
import { addStations, allPages, GULOU, ingest, QUANSHAN, reported, type StoreEngine, storePerTest } from './engine.ts';
import { A, A2, B, describeNewestFirstList, T1, T2, T3 } from './newest-first.ts';

const hoursAfter = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

/** A case as the kiosk reported it, with what the office did since. */
const reportedCase = (
  stationId: string,
  feedbackId: string,
  createdAt: string,
  more: Partial<FeedbackCase> = {},
): FeedbackCase => ({
  stationId,
  feedbackId,
  category: 'broken',
  place: '微波炉',
  createdAt,
  status: 'new',
  assignee: null,
  reply: null,
  updatedAt: createdAt,
  resolvedAt: null,
  ...more,
});

/** A summary with every category and status present, zero unless given. */
function summary(
  byCategory: Partial<Record<FeedbackCategory, number>>,
  byStatus: Partial<Record<FeedbackStatus, number>>,
  meanHoursToResolve: number | null = null,
): FeedbackSummary {
  const zeros = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const total = Object.values(byStatus).reduce((n, c) => n + c, 0);
  return {
    total,
    byCategory: { ...zeros(FEEDBACK_CATEGORIES), ...byCategory },
    byStatus: { ...zeros(FEEDBACK_STATUSES), ...byStatus },
    meanHoursToResolve,
  };
}

export function describeFeedbackStoreContract(engine: StoreEngine): void {
  describe(`feedback store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const feedback = () => store().feedback;
    const ids = async (query: FeedbackQuery) =>
      (await feedback().list(query, { limit: 50 })).items.map((c) => `${c.stationId}/${c.feedbackId}`);

    /** A's f1 (T1, resolved after 2 h), f2 (T2, signage, assigned), f3 (T3, new); B's g1 (T2, gate, new). */
    const history = async () => {
      await addStations(store(), A, A2, B);
      await ingest(store(), A.id, [reported(1, 'f1', T1), reported(2, 'f2', T2, 'signage'), reported(3, 'f3', T3)]);
      await ingest(store(), B.id, [reported(1, 'g1', T2, 'gate')]);
      await feedback().update(A.id, 'f1', { status: 'resolved', reply: '已修好' }, hoursAfter(T1, 2));
      await feedback().update(A.id, 'f2', { status: 'assigned', assignee: '王师傅' }, hoursAfter(T2, 1));
    };

    describe('list', () => {
      it('filters by status, station, district and a reported range that includes its start only', async () => {
        await history();
        expect(await ids({ status: 'new' })).toEqual([`${A.id}/f3`, `${B.id}/g1`]);
        expect(await ids({ status: 'assigned' })).toEqual([`${A.id}/f2`]);
        expect(await ids({ status: 'resolved' })).toEqual([`${A.id}/f1`]);
        expect(await ids({ status: 'follow-up' })).toEqual([]);
        expect(await ids({ stationId: B.id })).toEqual([`${B.id}/g1`]);
        expect(await ids({ district: QUANSHAN, status: 'new' })).toEqual([`${A.id}/f3`]);
        expect(await ids({ district: GULOU, stationId: A.id })).toEqual([]);
        expect(await ids({ fromIso: T2, toIso: T3 })).toEqual([`${A.id}/f2`, `${B.id}/g1`]);
        expect(await ids({ fromIso: T3 })).toEqual([`${A.id}/f3`]);
        expect(await ids({ toIso: T2 })).toEqual([`${A.id}/f1`]);
      });

      it('pages through one status at a time, and shows a case as it is now', async () => {
        await history();
        await feedback().update(B.id, 'g1', { assignee: '王师傅' }, T3);
        expect(await allPages((p) => feedback().list({ status: 'new' }, p), 1)).toEqual([
          [reportedCase(A.id, 'f3', T3)],
          [reportedCase(B.id, 'g1', T2, { category: 'gate', assignee: '王师傅', updatedAt: T3 })],
        ]);
      });

      describeNewestFirstList(store, {
        cursors: { own: 'feedback', other: 'alarms' },
        noun: 'case',
        report: (seq, id, at) => reported(seq, id, at),
        list: (s, query, page) => s.feedback.list(query, page),
        reported: (stationId, id, at) => reportedCase(stationId, id, at),
      });
    });

    describe('summary', () => {
      it('counts every category and status, zero included, with no cases or none in scope', async () => {
        expect(await feedback().summary({})).toEqual(summary({}, {}));
        await history();
        expect(await feedback().summary({ stationId: A2.id })).toEqual(summary({}, {}));
        expect(await feedback().summary({ district: '贾汪区' })).toEqual(summary({}, {}));
      });

      it('counts all-time by category and status with the mean hours to resolve, in scope', async () => {
        await history();
        expect(await feedback().summary({})).toEqual(
          summary({ broken: 2, signage: 1, gate: 1 }, { new: 2, assigned: 1, resolved: 1 }, 2),
        );
        expect(await feedback().summary({ district: GULOU })).toEqual(summary({ gate: 1 }, { new: 1 }));
        expect(await feedback().summary({ stationId: A.id })).toEqual(
          summary({ broken: 2, signage: 1 }, { new: 1, assigned: 1, resolved: 1 }, 2),
        );
      });

      it('counts a range over the cases reported in it only; over the whole history it is the all-time one', async () => {
        await history();
        await ingest(store(), B.id, [reported(2, 'g0', '2026-11-27T09:00:00.000Z', 'unsafe')]);
        await feedback().update(B.id, 'g0', { status: 'resolved' }, '2026-11-27T14:20:00.000Z');
        const day = { fromIso: '2026-11-27T16:00:00.000Z', toIso: '2026-11-28T16:00:00.000Z' };
        expect(await feedback().summary(day)).toEqual(
          summary({ broken: 2, signage: 1, gate: 1 }, { new: 2, assigned: 1, resolved: 1 }, 2),
        );
        const all = summary({ broken: 2, signage: 1, gate: 1, unsafe: 1 }, { new: 2, assigned: 1, resolved: 2 }, 3.67);
        expect(await feedback().summary({})).toEqual(all);
        expect(
          await feedback().summary({ fromIso: '2026-01-01T00:00:00.000Z', toIso: '2027-01-01T00:00:00.000Z' }),
        ).toEqual(all);
        expect(await feedback().summary({ toIso: day.fromIso, district: GULOU })).toEqual(
          summary({ unsafe: 1 }, { resolved: 1 }, 5.33),
        );
      });
    });

    describe('get and update', () => {
      it('gets a case by station and id; an unknown one is undefined, and so is its update', async () => {
        await history();
        expect(await feedback().get(B.id, 'g1')).toEqual(reportedCase(B.id, 'g1', T2, { category: 'gate' }));
        expect(await feedback().get(B.id, 'f1')).toBeUndefined();
        expect(await feedback().update(B.id, 'f1', { status: 'assessing' }, T3)).toBeUndefined();
        expect(await feedback().update('nowhere', 'g1', { status: 'assessing' }, T3)).toBeUndefined();
        expect(await feedback().summary({})).toMatchObject({ total: 4 });
      });

      it('changes only what is given; null clears the assignee or the reply', async () => {
        await history();
        const at = hoursAfter(T2, 3);
        const assigned = reportedCase(A.id, 'f2', T2, { category: 'signage', status: 'assigned', assignee: '王师傅' });
        expect(await feedback().update(A.id, 'f2', { reply: '明天修' }, at)).toEqual({
          ...assigned,
          reply: '明天修',
          updatedAt: at,
        });
        expect(await feedback().update(A.id, 'f2', { status: 'follow-up', assignee: null }, hoursAfter(at, 1))).toEqual(
          {
            ...assigned,
            status: 'follow-up',
            assignee: null,
            reply: '明天修',
            updatedAt: hoursAfter(at, 1),
          },
        );
        expect(await feedback().update(A.id, 'f2', { reply: null }, hoursAfter(at, 2))).toMatchObject({
          status: 'follow-up',
          reply: null,
          updatedAt: hoursAfter(at, 2),
        });
      });

      it('stamps the first resolve, keeps it when resolved again, and forgets it when reopened', async () => {
        await history();
        const resolved = { status: 'resolved' as const, resolvedAt: hoursAfter(T3, 3) };
        expect(await feedback().update(A.id, 'f3', { status: 'resolved' }, hoursAfter(T3, 3))).toEqual(
          reportedCase(A.id, 'f3', T3, { ...resolved, updatedAt: hoursAfter(T3, 3) }),
        );
        expect(await feedback().update(A.id, 'f3', { status: 'resolved' }, hoursAfter(T3, 5))).toEqual(
          reportedCase(A.id, 'f3', T3, { ...resolved, updatedAt: hoursAfter(T3, 5) }),
        );
        expect(await feedback().summary({ stationId: A.id })).toEqual(
          summary({ broken: 2, signage: 1 }, { assigned: 1, resolved: 2 }, 2.5),
        );
        expect(await feedback().update(A.id, 'f1', { status: 'follow-up' }, hoursAfter(T3, 6))).toMatchObject({
          status: 'follow-up',
          resolvedAt: null,
        });
        expect(await feedback().summary({ stationId: A.id })).toEqual(
          summary({ broken: 2, signage: 1 }, { assigned: 1, 'follow-up': 1, resolved: 1 }, 3),
        );
      });

      it('keeps the counts right when the office works one case twice at once', async () => {
        await history();
        const [one, two] = await Promise.all([
          feedback().update(B.id, 'g1', { status: 'assessing' }, T3),
          feedback().update(B.id, 'g1', { status: 'resolved' }, hoursAfter(T2, 4)),
        ]);
        const final = (await feedback().get(B.id, 'g1'))!;
        expect([one, two]).toContainEqual(final);
        const byStatus = { [final.status]: 1 };
        expect(await feedback().summary({ district: GULOU })).toEqual(
          summary({ gate: 1 }, byStatus, final.status === 'resolved' ? 4 : null),
        );
      });

      it('keeps the first report of a case id and counts it once', async () => {
        await history();
        await ingest(store(), B.id, [reported(2, 'g1', T3, 'other')]);
        expect(await feedback().get(B.id, 'g1')).toEqual(reportedCase(B.id, 'g1', T2, { category: 'gate' }));
        expect(await feedback().summary({ stationId: B.id })).toEqual(summary({ gate: 1 }, { new: 1 }));
      });
    });

    describe('replies', () => {
      it("gives a station's cases with a reply updated since a time, oldest first", async () => {
        await history();
        await feedback().update(A.id, 'f3', { reply: '已派人' }, hoursAfter(T3, 1));
        await feedback().update(B.id, 'g1', { reply: '谢谢' }, hoursAfter(T3, 1));
        await feedback().update(A.id, 'f2', { status: 'follow-up' }, hoursAfter(T3, 2));
        const replies = await feedback().replies(A.id, hoursAfter(T1, 2));
        expect(replies.map((c) => [c.feedbackId, c.reply, c.updatedAt])).toEqual([
          ['f1', '已修好', hoursAfter(T1, 2)],
          ['f3', '已派人', hoursAfter(T3, 1)],
        ]);
        expect(replies[1]).toEqual(reportedCase(A.id, 'f3', T3, { reply: '已派人', updatedAt: hoursAfter(T3, 1) }));
        expect((await feedback().replies(A.id, hoursAfter(T3, 1))).map((c) => c.feedbackId)).toEqual(['f3']);
        await feedback().update(A.id, 'f3', { reply: null }, hoursAfter(T3, 4));
        expect(await feedback().replies(A.id, hoursAfter(T3, 1))).toEqual([]);
        expect(await feedback().replies(A2.id, T1)).toEqual([]);
        expect(await feedback().replies('nowhere', T1)).toEqual([]);
      });
    });
  });
}
