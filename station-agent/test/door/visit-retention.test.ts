import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { VisitEnds } from '../../src/door/visit-ends.ts';
import { VisitLog } from '../../src/door/visit-log.ts';
import { Outbox } from '../../src/store/outbox.ts';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const DAY = 86_400_000;
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A station file with a walk-in (ended an hour later) and a refused scan on each of the given days ago. */
function stationWith(daysAgo: number[]) {
  const db = openStationDatabase(join(mkdtempSync(join(tmpdir(), 'yz-retention-')), 'station.db'));
  open.push(db);
  const outbox = new Outbox(db);
  const visitLog = new VisitLog(db, outbox);
  for (const days of daysAgo) {
    const at = NOW - days * DAY;
    visitLog.walkIn('rider', new Date(at));
    visitLog.reject('expired', new Date(at));
    visitLog.endAllOpen(new Date(at + 3_600_000), 'empty');
  }
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return { db, outbox, visitLog, count };
}

describe('forgetting old visits at the station', () => {
  it('forgets visits and refused scans past the retention once the hub has them, and keeps the rest', () => {
    const s = stationWith([100, 95, 10]);
    const before = new Date(NOW - 90 * DAY);
    // Nothing is acknowledged yet: the hub does not have them, so nothing is forgotten.
    expect(s.visitLog.forgetOlderThan(before)).toBe(0);
    expect(s.count('visits')).toBe(3);

    // The hub has the first day's three events (start, refusal, end), not the second's.
    s.outbox.acknowledge(3, new Date(NOW), 7 * DAY);
    expect(s.visitLog.forgetOlderThan(before)).toBe(2);
    expect(s.db.prepare('SELECT started_at FROM visits ORDER BY started_at').pluck().all()).toEqual([
      new Date(NOW - 95 * DAY).toISOString(),
      new Date(NOW - 10 * DAY).toISOString(),
    ]);

    // With everything acknowledged, the second old day goes too; the recent one stays.
    s.outbox.acknowledge(9, new Date(NOW), 7 * DAY);
    expect(s.visitLog.forgetOlderThan(before)).toBe(2);
    expect(s.visitLog.forgetOlderThan(before)).toBe(0);
    expect(s.count('visits')).toBe(1);
    expect(s.count('rejected_scans')).toBe(1);
  });

  it('does not forget a visit that is still open', () => {
    const s = stationWith([]);
    s.visitLog.walkIn('courier', new Date(NOW - 100 * DAY));
    s.outbox.acknowledge(1, new Date(NOW), 7 * DAY);
    expect(s.visitLog.forgetOlderThan(new Date(NOW - 90 * DAY))).toBe(0);
    expect(s.count('visits')).toBe(1);
  });
  it('reports a sweep that cannot write instead of throwing from its timer', () => {
    const s = stationWith([100]);
    s.outbox.acknowledge(3, new Date(NOW), 7 * DAY);
    const failures: Error[] = [];
    const ends = new VisitEnds({
      visitLog: s.visitLog,
      now: () => NOW,
      maxStaySeconds: 4 * 3600,
      keepDays: 90,
      failed: (error) => failures.push(error),
    });
    // A database that cannot be written (as on a full disk): every statement throws.
    s.db.close();
    open.splice(open.indexOf(s.db), 1);
    expect(() => ends.start()).not.toThrow();
    ends.stop();
    expect(failures.map((e) => e.message)).toEqual([expect.stringContaining('not open')]);
  });
});
