import { describe, expect, it } from 'vitest';
import { type AlarmRecord, type AlarmSummary, statusOf } from '../../src/alarms/schema.ts';
import type { AlarmQuery } from '../../src/alarms/store.ts';
import {
  addStations,
  allPages,
  cleared,
  GULOU,
  ingest,
  QUANSHAN,
  raised,
  type StoreEngine,
  storePerTest,
} from './engine.ts';
import { A, A2, B, describeNewestFirstList, minutesAfter, T1, T2, T3 } from './newest-first.ts';

/** An alarm as `raised(…, alarmId, raisedAt)` reports it, with what happened to it since. */
const alarm = (stationId: string, alarmId: string, raisedAt: string, more: Partial<AlarmRecord> = {}): AlarmRecord => ({
  stationId,
  alarmId,
  rule: 'fridge-too-warm',
  device: 'fridge',
  detail: `${alarmId}: 9.5 °C`,
  facts: null,
  raisedAt,
  ackedAt: null,
  ackedBy: null,
  clearedAt: null,
  escalatedAt: null,
  ...more,
});
const NONE: AlarmSummary = { open: 0, acknowledged: 0, cleared: 0, meanMinutesToAck: null, meanMinutesToClear: null };
/** The summary of `history()` below. */
const HISTORY: AlarmSummary = { open: 1, acknowledged: 1, cleared: 2, meanMinutesToAck: 20, meanMinutesToClear: 30 };

export function describeAlarmStoreContract(engine: StoreEngine): void {
  describe(`alarm store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const alarms = () => store().alarms;
    const ids = async (query: AlarmQuery, limit = 50) =>
      (await alarms().list(query, { limit })).items.map((a) => `${a.stationId}/${a.alarmId}`);

    /**
     * A's a1 raised at T1, acknowledged after 10 min, cleared after 40; a2 raised at T2, acknowledged after 30;
     * a3 raised at T3, cleared after 20; B's b1 raised at T2, open.
     */
    const history = async () => {
      await addStations(store(), A, A2, B);
      await ingest(store(), A.id, [raised(1, 'a1', T1), raised(2, 'a2', T2), raised(3, 'a3', T3)]);
      await ingest(store(), B.id, [raised(1, 'b1', T2)]);
      await alarms().acknowledge(A.id, 'a1', 'office', minutesAfter(T1, 10));
      await alarms().acknowledge(A.id, 'a2', 'office', minutesAfter(T2, 30));
      await ingest(store(), A.id, [cleared(4, 'a1', minutesAfter(T1, 40)), cleared(5, 'a3', minutesAfter(T3, 20))]);
    };

    describe('list', () => {
      it('filters by status, station, district and a raised range that includes its start only', async () => {
        await history();
        expect(await ids({ status: 'open' })).toEqual([`${B.id}/b1`]);
        expect(await ids({ status: 'acknowledged' })).toEqual([`${A.id}/a2`]);
        expect(await ids({ status: 'cleared' })).toEqual([`${A.id}/a3`, `${A.id}/a1`]);
        expect(await ids({ stationId: A.id })).toEqual([`${A.id}/a3`, `${A.id}/a2`, `${A.id}/a1`]);
        expect(await ids({ district: GULOU })).toEqual([`${B.id}/b1`]);
        expect(await ids({ district: QUANSHAN, status: 'cleared' })).toEqual([`${A.id}/a3`, `${A.id}/a1`]);
        expect(await ids({ district: GULOU, stationId: A.id })).toEqual([]);
        expect(await ids({ stationId: A2.id })).toEqual([]);
        expect(await ids({ fromIso: T2, toIso: T3 })).toEqual([`${A.id}/a2`, `${B.id}/b1`]);
        expect(await ids({ fromIso: T3 })).toEqual([`${A.id}/a3`]);
        expect(await ids({ toIso: T2 })).toEqual([`${A.id}/a1`]);
        expect((await alarms().list({ status: 'cleared' }, { limit: 10 })).items).toEqual([
          alarm(A.id, 'a3', T3, { clearedAt: minutesAfter(T3, 20) }),
          alarm(A.id, 'a1', T1, {
            ackedAt: minutesAfter(T1, 10),
            ackedBy: 'office',
            clearedAt: minutesAfter(T1, 40),
          }),
        ]);
      });

      it('pages through one status at a time', async () => {
        await history();
        await ingest(store(), B.id, [raised(2, 'b2', T3)]);
        const pages = await allPages((p) => alarms().list({ status: 'open' }, p), 1);
        expect(pages).toEqual([[alarm(B.id, 'b2', T3)], [alarm(B.id, 'b1', T2)]]);
      });

      describeNewestFirstList(store, {
        cursors: { own: 'alarms', other: 'feedback' },
        noun: 'alarm',
        report: (seq, id, at) => raised(seq, id, at),
        list: (s, query, page) => s.alarms.list(query, page),
        reported: (stationId, id, at) => alarm(stationId, id, at),
      });
    });

    describe('summary', () => {
      it('counts none and means nothing with no alarms, or none in scope', async () => {
        expect(await alarms().summary({})).toEqual(NONE);
        await history();
        expect(await alarms().summary({ district: '贾汪区' })).toEqual(NONE);
        expect(await alarms().summary({ stationId: A2.id })).toEqual(NONE);
      });

      it('counts all-time by status with the mean minutes to acknowledge and to clear, in scope', async () => {
        await history();
        expect(await alarms().summary({})).toEqual(HISTORY);
        expect(await alarms().summary({ district: GULOU })).toEqual({ ...NONE, open: 1 });
        expect(await alarms().summary({ stationId: A.id })).toEqual({ ...HISTORY, open: 0 });
      });

      it('counts a range over the alarms raised in it only; over the whole history it is the all-time one', async () => {
        await history();
        await ingest(store(), B.id, [raised(2, 'b0', '2026-11-27T09:00:00.000Z')]);
        await alarms().acknowledge(B.id, 'b0', 'office', '2026-11-27T09:11:00.000Z');
        await ingest(store(), B.id, [cleared(3, 'b0', '2026-11-27T10:00:00.000Z')]);
        const day = { fromIso: '2026-11-27T16:00:00.000Z', toIso: '2026-11-28T16:00:00.000Z' };
        expect(await alarms().summary(day)).toEqual(HISTORY);
        const all = { open: 1, acknowledged: 1, cleared: 3, meanMinutesToAck: 17, meanMinutesToClear: 40 };
        expect(await alarms().summary({})).toEqual(all);
        expect(
          await alarms().summary({ fromIso: '2026-01-01T00:00:00.000Z', toIso: '2027-01-01T00:00:00.000Z' }),
        ).toEqual(all);
        expect(await alarms().summary({ ...day, district: GULOU })).toEqual({ ...NONE, open: 1 });
        expect(await alarms().summary({ toIso: day.fromIso })).toEqual({
          ...NONE,
          cleared: 1,
          meanMinutesToAck: 11,
          meanMinutesToClear: 60,
        });
      });

      it('rounds mean minutes to two decimals', async () => {
        await addStations(store(), A);
        await ingest(store(), A.id, [raised(1, 'a1', T1), raised(2, 'a2', T1), raised(3, 'a3', T1)]);
        for (const [id, minutes] of [
          ['a1', 10],
          ['a2', 10],
          ['a3', 11],
        ] as const) {
          await alarms().acknowledge(A.id, id, 'office', minutesAfter(T1, minutes));
        }
        expect(await alarms().summary({})).toEqual({ ...NONE, acknowledged: 3, meanMinutesToAck: 10.33 });
        expect(await alarms().summary({ fromIso: T1 })).toEqual({ ...NONE, acknowledged: 3, meanMinutesToAck: 10.33 });
      });
    });

    describe('get and acknowledge', () => {
      it('gets an alarm by station and id; an unknown one is undefined', async () => {
        await history();
        expect(await alarms().get(B.id, 'b1')).toEqual(alarm(B.id, 'b1', T2));
        expect(await alarms().get(B.id, 'a1')).toBeUndefined();
        expect(await alarms().get('nowhere', 'a1')).toBeUndefined();
      });

      it('acknowledges once: a second acknowledgement keeps the first; unknown alarms are undefined', async () => {
        await history();
        const at = minutesAfter(T2, 5);
        const acked = alarm(B.id, 'b1', T2, { ackedAt: at, ackedBy: 'office' });
        expect(await alarms().acknowledge(B.id, 'b1', 'office', at)).toEqual(acked);
        expect(await alarms().acknowledge(B.id, 'b1', 'zhang', minutesAfter(T2, 9))).toEqual(acked);
        expect(await alarms().get(B.id, 'b1')).toEqual(acked);
        expect(await alarms().acknowledge(B.id, 'a1', 'office', at)).toBeUndefined();
        expect(await alarms().acknowledge('nowhere', 'b1', 'office', at)).toBeUndefined();
        expect(await alarms().summary({})).toEqual({
          open: 0,
          acknowledged: 2,
          cleared: 2,
          meanMinutesToAck: 15,
          meanMinutesToClear: 30,
        });
      });

      it('lets one of two operators acknowledging at once win, and counts the alarm once', async () => {
        await history();
        const [first, second] = await Promise.all([
          alarms().acknowledge(B.id, 'b1', 'office', minutesAfter(T2, 5)),
          alarms().acknowledge(B.id, 'b1', 'zhang', minutesAfter(T2, 5)),
        ]);
        expect(second).toEqual(first);
        expect(['office', 'zhang']).toContain(first?.ackedBy);
        expect(await alarms().summary({ district: GULOU })).toEqual({ ...NONE, acknowledged: 1, meanMinutesToAck: 5 });
      });

      it('acknowledges a cleared alarm: it stays cleared and its time to acknowledge counts', async () => {
        await history();
        const at = minutesAfter(T3, 50);
        expect(await alarms().acknowledge(A.id, 'a3', 'office', at)).toEqual(
          alarm(A.id, 'a3', T3, { ackedAt: at, ackedBy: 'office', clearedAt: minutesAfter(T3, 20) }),
        );
        expect(await alarms().summary({ stationId: A.id })).toEqual({
          open: 0,
          acknowledged: 1,
          cleared: 2,
          meanMinutesToAck: 30,
          meanMinutesToClear: 30,
        });
      });
    });

    describe('the hub’s own follow-up', () => {
      const LATER = '2026-11-28T04:00:00.000Z';

      it('finds stations silent since a time or never heard long after registering, once, until they speak again', async () => {
        await addStations(store(), A, A2, B);
        await ingest(store(), A.id, [raised(1, 'a1', T1)], T1);
        await ingest(store(), B.id, [raised(1, 'b1', T1)], T3);
        // A last heard at T1, A2 never (registered long before), B at T3.
        expect(await alarms().silentStations(T2)).toEqual([
          { stationId: A.id, lastSeenAt: T1 },
          { stationId: A2.id, lastSeenAt: null },
        ]);
        const silent = { rule: 'station-silent', device: null, detail: 'x', facts: '{"minutes":60}', at: T2 };
        await alarms().raise({ stationId: A.id, alarmId: 'silent-1', ...silent });
        expect((await alarms().silentStations(T2)).map((s) => s.stationId)).toEqual([A2.id]);
        expect(await alarms().summary({ stationId: A.id })).toMatchObject({ open: 2 });
        expect(await alarms().silentHeardAgain()).toEqual([]);
        await ingest(store(), A.id, [raised(2, 'a2', T3)], T3);
        expect(await alarms().silentHeardAgain()).toEqual([{ stationId: A.id, alarmId: 'silent-1' }]);
        await alarms().clear({ stationId: A.id, alarmId: 'silent-1', rule: 'station-silent', device: null, at: T3 });
        expect(await alarms().silentHeardAgain()).toEqual([]);
        expect(await alarms().get(A.id, 'silent-1')).toMatchObject({ clearedAt: T3, facts: '{"minutes":60}' });
      });

      it('escalates once the alarms open and unacknowledged raised before a time', async () => {
        await history();
        await ingest(store(), B.id, [raised(2, 'b2', T3)]);
        const escalated = await alarms().escalate(T3, LATER);
        // b1 (T2) open; a2 acknowledged, a1 and a3 cleared, b2 raised at T3 itself.
        expect(escalated).toEqual([alarm(B.id, 'b1', T2, { escalatedAt: LATER })]);
        expect(await alarms().escalate(T3, minutesAfter(LATER, 5))).toEqual([]);
        expect((await alarms().get(B.id, 'b1'))?.escalatedAt).toBe(LATER);
      });

      it('queues one notice per alarm raised since a time and per escalation, and keeps what became of each', async () => {
        await history();
        await alarms().queueRaisedNotices(T2, LATER);
        await alarms().queueRaisedNotices(T2, LATER);
        // Raised since T2 and not cleared: a2 and b1 (a3 was cleared).
        const due = await alarms().dueNotices(LATER, 5, 10);
        // Due at once, in station order.
        expect(due.map((n) => [n.stationId, n.alarmId, n.kind, n.attempts])).toEqual([
          [B.id, 'b1', 'raised', 0],
          [A.id, 'a2', 'raised', 0],
        ]);
        expect(due[0]!.alarm).toEqual(alarm(B.id, 'b1', T2));
        await alarms().noticeSent(due[1]!, LATER);
        const retryAt = minutesAfter(LATER, 1);
        await alarms().noticeFailed(due[0]!, retryAt, 'HTTP 502: bad gateway');
        expect(await alarms().dueNotices(LATER, 5, 10)).toEqual([]);
        expect((await alarms().dueNotices(retryAt, 5, 10)).map((n) => [n.alarmId, n.attempts])).toEqual([['b1', 1]]);
        expect(await alarms().dueNotices(retryAt, 1, 10)).toEqual([]);
        await alarms().queueEscalatedNotices([{ stationId: B.id, alarmId: 'b1' }], LATER);
        expect((await alarms().dueNotices(retryAt, 5, 10)).map((n) => [n.alarmId, n.kind])).toEqual([
          ['b1', 'escalated'],
          ['b1', 'raised'],
        ]);
      });
    });

    describe('raised and cleared as the stations report them', () => {
      it('takes a clear before its raise, in one batch or in two, and ends with the raise and the clear', async () => {
        await addStations(store(), A, B);
        await ingest(store(), A.id, [cleared(2, 'a1', minutesAfter(T1, 25))]);
        expect(statusOf((await alarms().get(A.id, 'a1'))!)).toBe('cleared');
        expect(await alarms().summary({})).toMatchObject({ open: 0, acknowledged: 0, cleared: 1 });
        await ingest(store(), A.id, [raised(1, 'a1', T1)]);
        await ingest(store(), B.id, [cleared(2, 'b1', minutesAfter(T2, 35)), raised(1, 'b1', T2)]);
        expect(await alarms().list({}, { limit: 10 })).toEqual({
          items: [
            alarm(B.id, 'b1', T2, { clearedAt: minutesAfter(T2, 35) }),
            alarm(A.id, 'a1', T1, { clearedAt: minutesAfter(T1, 25) }),
          ],
          next: null,
        });
        expect(await alarms().summary({})).toEqual({ ...NONE, cleared: 2, meanMinutesToClear: 30 });
        expect(await alarms().summary({ fromIso: T1 })).toEqual({ ...NONE, cleared: 2, meanMinutesToClear: 30 });
      });

      it('counts a re-sent raise or clear once and keeps the acknowledgement', async () => {
        await history();
        await ingest(store(), A.id, [raised(2, 'a2', T2), cleared(5, 'a3', minutesAfter(T3, 20))]);
        await ingest(store(), A.id, [raised(1, 'a1', T1), raised(2, 'a2', T2), raised(3, 'a3', T3)]);
        expect(await alarms().get(A.id, 'a2')).toEqual(
          alarm(A.id, 'a2', T2, { ackedAt: minutesAfter(T2, 30), ackedBy: 'office' }),
        );
        expect(await alarms().summary({})).toEqual(HISTORY);
      });

      it('keeps the alarms of two stations that use the same alarm id apart', async () => {
        await addStations(store(), A, B);
        await ingest(store(), A.id, [raised(1, 'fridge-1', T1)]);
        await ingest(store(), B.id, [raised(1, 'fridge-1', T2), cleared(2, 'fridge-1', minutesAfter(T2, 10))]);
        expect(await alarms().get(A.id, 'fridge-1')).toEqual(alarm(A.id, 'fridge-1', T1));
        expect(await alarms().summary({ stationId: A.id })).toEqual({ ...NONE, open: 1 });
        expect(await alarms().summary({ stationId: B.id })).toEqual({ ...NONE, cleared: 1, meanMinutesToClear: 10 });
      });

      it('keeps the summary equal to the listed alarms through concurrent, out-of-order batches and acks', async () => {
        await addStations(store(), A, B);
        const at = (n: number) => minutesAfter(T1, n * 7);
        await Promise.all([
          ingest(store(), A.id, [cleared(4, 'a1', at(3)), raised(5, 'a3', at(4)), cleared(6, 'a3', at(5))]),
          ingest(store(), B.id, [raised(1, 'b1', at(1)), raised(2, 'b2', at(2))]),
          ingest(store(), A.id, [raised(1, 'a1', at(1)), raised(2, 'a2', at(2))]),
          alarms().acknowledge(A.id, 'a2', 'office', at(3)),
        ]);
        await Promise.all([
          alarms().acknowledge(B.id, 'b2', 'office', at(3)),
          alarms().acknowledge(A.id, 'a2', 'zhang', at(4)),
          ingest(store(), B.id, [cleared(3, 'b2', at(6))]),
        ]);
        const listed = (await allPages((p) => alarms().list({}, p), 2)).flat();
        expect(Object.fromEntries(listed.map((a) => [a.alarmId, statusOf(a)]))).toEqual({
          a1: 'cleared',
          a2: 'acknowledged',
          a3: 'cleared',
          b1: 'open',
          b2: 'cleared',
        });
        // Who acknowledged a2 first depends on the engine's interleaving; the counts and times to clear do not.
        expect(await alarms().summary({})).toMatchObject({
          open: 1,
          acknowledged: 1,
          cleared: 3,
          meanMinutesToClear: 16.33,
        });
        expect(await alarms().summary({ fromIso: T1 })).toMatchObject({
          open: 1,
          acknowledged: 1,
          cleared: 3,
          meanMinutesToClear: 16.33,
        });
      });
    });
  });
}
