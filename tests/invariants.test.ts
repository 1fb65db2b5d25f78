/** Each invariant checker reports the break it exists for: a checker that cannot fail proves nothing. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { countMismatch, integrityBreaks, unlockWithoutVisit, visitsLostOrDoubled } from './support/invariants.ts';

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
