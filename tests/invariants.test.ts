/** Each invariant checker reports the break it exists for: a checker that cannot fail proves nothing. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  alarmsAgainstHistory,
  countMismatch,
  integrityBreaks,
  unlockWithoutVisit,
  visitsLostOrDoubled,
} from './support/invariants.ts';

const MIN = 60_000;

describe('invariant checkers', () => {
  it('accept a history that kept every promise', () => {
    const visits = [
      { id: 'v1', method: 'code' as const },
      { id: 'v2', method: 'walk-in' as const },
    ];
    expect(unlockWithoutVisit(['v1'], visits)).toEqual([]);
    expect(visitsLostOrDoubled(['v1', 'v2'], ['v2', 'v1'])).toEqual([]);
    expect(countMismatch(2, ['v1', 'v2'])).toEqual([]);
  });

  it('report an unlock without a visit', () => {
    const visits = [
      { id: 'v1', method: 'code' as const },
      { id: 'v2', method: 'walk-in' as const },
    ];
    expect(unlockWithoutVisit(['v1', 'v9', 'v1', 'v2'], visits)).toEqual([
      "unlock for visit v9, which is not in the station's visit log",
      'visit v1 unlocked more than once',
      'unlock for walk-in visit v2',
    ]);
  });

  it('report a visit missing at the hub, doubled there, or unknown to the station', () => {
    expect(visitsLostOrDoubled(['v1', 'v2', 'v3'], ['v1', 'v1', 'v3', 'v7'])).toEqual([
      'visit v1 is at the hub 2 times',
      'visit v2 is missing at the hub',
      'the hub has visit v7 that the station never recorded',
    ]);
  });

  it('report a doubled count', () => {
    expect(countMismatch(3, ['v1', 'v2'])).toEqual(['the hub counts 3 visits but holds 2']);
  });

  it('report a corrupted database file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yz-integrity-')), 'broken.db');
    const db = new Database(path);
    db.pragma('page_size = 1024');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v);');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`value-${i}`);
    })();
    db.close();
    expect(integrityBreaks(path)).toEqual([]);
    // Overwrite part of an index page: the table and its index no longer agree.
    const bytes = readFileSync(path);
    bytes.fill(0x41, bytes.length - 3000, bytes.length - 2000);
    writeFileSync(path, bytes);
    expect(integrityBreaks(path).length).toBeGreaterThan(0);
  });
});

describe('alarms against the sensor history', () => {
  const rule = { above: 8, forMs: 10 * MIN, clearAt: 7, clearForMs: 1 * MIN };
  // A fridge at 4 °C, 30 minutes at 12 °C from minute 60, then 4 °C again; one reading a minute.
  const readings = Array.from({ length: 180 }, (_, m) => ({ at: m * MIN, value: m >= 60 && m < 90 ? 12 : 4 }));

  it('accept one alarm raised after ten warm minutes and cleared after the clear minute', () => {
    expect(alarmsAgainstHistory(readings, [{ raisedAt: 70 * MIN, clearedAt: 91 * MIN }], rule, MIN)).toEqual([]);
  });

  it('report an alarm raised too early, a clear while still warm, a missed alarm and flapping', () => {
    expect(alarmsAgainstHistory(readings, [{ raisedAt: 62 * MIN, clearedAt: 91 * MIN }], rule, MIN)).toEqual([
      'alarm raised at 1970-01-01T01:02:00.000Z without 10 min above 8',
    ]);
    expect(alarmsAgainstHistory(readings, [{ raisedAt: 70 * MIN, clearedAt: 80 * MIN }], rule, MIN)).toEqual([
      'alarm cleared at 1970-01-01T01:20:00.000Z while the value was not back at 7',
      'no alarm for 30 min above 8 from 1970-01-01T01:00:00.000Z',
    ]);
    expect(alarmsAgainstHistory(readings, [], rule, MIN)).toEqual([
      'no alarm for 30 min above 8 from 1970-01-01T01:00:00.000Z',
    ]);
    const flapping = [
      { raisedAt: 70 * MIN, clearedAt: 75 * MIN },
      { raisedAt: 80 * MIN, clearedAt: 91 * MIN },
    ];
    expect(alarmsAgainstHistory(readings, flapping, rule, MIN)).toEqual([
      'alarm cleared at 1970-01-01T01:15:00.000Z while the value was not back at 7',
      'no alarm for 30 min above 8 from 1970-01-01T01:00:00.000Z',
      '2 alarms raised in one spell from 1970-01-01T01:00:00.000Z: flapping',
    ]);
  });
});
