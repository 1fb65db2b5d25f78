import { describe, expect, it } from 'vitest';
import {
  addStations,
  EPOCH,
  event,
  GULOU,
  ingest,
  QUANSHAN,
  RECEIVED,
  REGISTERED,
  raised,
  reported,
  type StoreEngine,
  shanghaiHour,
  stationProfile,
  storePerTest,
  visit,
} from './engine.ts';

const A = stationProfile('quanshan-sanbao', QUANSHAN);
const B = stationProfile('gulou-huaihai', GULOU);
const C = stationProfile('quanshan-tongshan', QUANSHAN);
const D = stationProfile('gulou-pengcheng', GULOU);
const MORNING = '2026-11-28T01:00:00.000Z';
const DAY = '2026-11-28';
/** A batch with something for every aggregate: visits, a sample, a heartbeat, an alarm and a feedback case. */
const BATCH = [
  visit(1, MORNING, 'rider', 'm_1'),
  visit(2, MORNING, 'courier'),
  event(3, 'occupancy.sample', MORNING, { inside: 4, capacity: 20 }),
  event(4, 'heartbeat', MORNING, { uptimeSeconds: 60 }),
  raised(5, 'a1', MORNING),
  reported(6, 'f1', MORNING),
];

/** Resolves with `resolve` exposed, so a test decides when a transaction's work may end. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

export function describeTransactionContract(engine: StoreEngine): void {
  describe(`store transactions (${engine.name})`, () => {
    const store = storePerTest(engine);

    /** Everything BATCH and its follow-ups could have left behind at A, as the office reads it. */
    const traces = async () => ({
      ack: await store().sync.ackSeq(A.id, EPOCH),
      visits: await store().sync.dailyVisits(A.id, DAY),
      live: (await store().sync.live({ stationId: A.id }, DAY, '2026')).map((r) => [
        r.lastSeenAt,
        r.inside,
        r.todayVisits,
      ]),
      alarms: (await store().alarms.list({}, { limit: 10 })).items.map((a) => [a.alarmId, a.ackedBy]),
      alarmSummary: await store().alarms.summary({}),
      cases: (await store().feedback.list({}, { limit: 10 })).items.map((c) => [c.feedbackId, c.status]),
      caseTotal: (await store().feedback.summary({})).total,
      members: await store().reports.distinctMembers({ from: DAY, to: DAY }, 'day'),
    });

    it('commits everything its work did, and answers what the work returned', async () => {
      const outcome = await store().transaction(async (tx) => {
        await tx.stations.insert(A, 'hash-a', REGISTERED);
        const synced = await tx.sync.ingest(A.id, EPOCH, BATCH, shanghaiHour, RECEIVED);
        await tx.alarms.acknowledge(A.id, 'a1', 'office', RECEIVED);
        await tx.feedback.update(A.id, 'f1', { status: 'assessing' }, RECEIVED);
        return synced;
      });
      expect(outcome).toEqual({ ackSeq: 6, inserted: 6 });
      expect(await store().stations.findByTokenHash('hash-a')).toBe(A.id);
      expect(await traces()).toEqual({
        ack: 6,
        visits: [
          { category: 'courier', method: 'walk-in', count: 1 },
          { category: 'rider', method: 'code', count: 1 },
        ],
        live: [[RECEIVED, 4, 2]],
        alarms: [['a1', 'office']],
        alarmSummary: { open: 0, acknowledged: 1, cleared: 0, meanMinutesToAck: 60, meanMinutesToClear: null },
        cases: [['f1', 'assessing']],
        caseTotal: 1,
        members: [{ period: DAY, stationId: A.id, members: 1 }],
      });
    });

    it('leaves nothing of its work when it throws, and throws that error', async () => {
      await addStations(store(), A);
      const before = await traces();
      const failure = new Error('the office changed its mind');
      await expect(
        store().transaction(async (tx) => {
          await tx.stations.insert(B, 'hash-b', REGISTERED);
          await tx.sync.ingest(A.id, EPOCH, BATCH, shanghaiHour, RECEIVED);
          await tx.alarms.acknowledge(A.id, 'a1', 'office', RECEIVED);
          await tx.members.revoke('m_1', RECEIVED);
          await tx.stations.retire(A.id, RECEIVED);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await traces()).toEqual(before);
      expect(before.ack).toBe(0);
      expect(await store().stations.get(B.id)).toBeUndefined();
      expect(await store().stations.get(A.id)).toMatchObject({ lastSeenAt: null, retiredAt: null });
      expect(await store().members.isRevoked('m_1')).toBe(false);
      // Nothing half-held either: the whole batch is new to the next ingest.
      expect(await ingest(store(), A.id, BATCH)).toEqual({ ackSeq: 6, inserted: 6 });
    });

    it('leaves nothing when a store method inside it fails', async () => {
      await addStations(store(), A);
      await expect(
        store().transaction(async (tx) => {
          await tx.sync.ingest(A.id, EPOCH, BATCH, shanghaiHour, RECEIVED);
          await tx.sync.ingest('nowhere', EPOCH, BATCH, shanghaiHour, RECEIVED);
        }),
      ).rejects.toThrow();
      expect(await store().sync.ackSeq(A.id, EPOCH)).toBe(0);
      expect(await store().alarms.get(A.id, 'a1')).toBeUndefined();
    });

    it('hides its writes from calls outside it until it commits, and loses none of theirs', async () => {
      await addStations(store(), A);
      const work = gate();
      const written = gate();
      let open = true;
      const running = store().transaction(async (tx) => {
        await tx.stations.insert(B, 'hash-b', REGISTERED);
        await tx.sync.ingest(A.id, EPOCH, BATCH.slice(0, 2), shanghaiHour, RECEIVED);
        await tx.stations.insert(D, 'hash-d', REGISTERED);
        written.open();
        await work.opened;
        return 'committed';
      });
      await written.opened;
      let answeredWhileOpen = false;
      const outsideRead = store()
        .stations.list({}, { limit: 10 })
        .then((page) => {
          answeredWhileOpen = open;
          return page.items.map((s) => s.id);
        });
      const outsideWrite = store().stations.insert(C, 'hash-c', REGISTERED);
      const outsideIngest = ingest(store(), A.id, [visit(3, MORNING, 'driver')]);
      // Give an engine that serves other calls during a transaction the time to answer them.
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = false;
      work.open();
      expect(await running).toBe('committed');
      // The read saw none of the transaction's stations while it was open, and never only some of them.
      const seen = (await outsideRead).filter((id) => id === B.id || id === D.id);
      expect(answeredWhileOpen ? [0] : [0, 2]).toContain(seen.length);
      expect(await outsideWrite).toBe(true);
      expect((await outsideIngest).inserted).toBe(1);
      expect((await store().stations.list({}, { limit: 10 })).items.map((s) => s.id)).toEqual([A.id, C.id, B.id, D.id]);
      expect(await store().sync.ackSeq(A.id, EPOCH)).toBe(3);
      expect(await store().sync.dailyVisits(A.id, DAY)).toEqual([
        { category: 'courier', method: 'walk-in', count: 1 },
        { category: 'driver', method: 'walk-in', count: 1 },
        { category: 'rider', method: 'code', count: 1 },
      ]);
    });

    it('keeps what was written outside it while it ran, when it rolls back', async () => {
      await addStations(store(), A);
      const work = gate();
      const written = gate();
      const running = store().transaction(async (tx) => {
        await tx.stations.insert(B, 'hash-b', REGISTERED);
        written.open();
        await work.opened;
        throw new Error('rolled back');
      });
      await written.opened;
      const outsideWrite = store().stations.insert(C, 'hash-c', REGISTERED);
      work.open();
      await expect(running).rejects.toThrow('rolled back');
      expect(await outsideWrite).toBe(true);
      expect((await store().stations.list({}, { limit: 10 })).items.map((s) => s.id)).toEqual([A.id, C.id]);
    });

    it('runs transactions started at once each whole, and commits both', async () => {
      await addStations(store(), A);
      const [first, second] = await Promise.all([
        store().transaction(async (tx) => {
          await tx.stations.insert(B, 'hash-b', REGISTERED);
          return tx.sync.ingest(A.id, EPOCH, [visit(2, MORNING, 'rider')], shanghaiHour, RECEIVED);
        }),
        store().transaction(async (tx) => {
          await tx.stations.insert(C, 'hash-c', REGISTERED);
          return tx.sync.ingest(A.id, EPOCH, [visit(1, MORNING, 'rider')], shanghaiHour, RECEIVED);
        }),
      ]);
      expect(first.inserted + second.inserted).toBe(2);
      expect(Math.max(first.ackSeq, second.ackSeq)).toBe(2);
      expect(await store().sync.ackSeq(A.id, EPOCH)).toBe(2);
      expect((await store().stations.list({}, { limit: 10 })).items.map((s) => s.id)).toEqual([A.id, C.id, B.id]);
    });
  });
}
