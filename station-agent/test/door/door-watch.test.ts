import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceState, DoorResult, LockOutcome } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { DoorWatch } from '../../src/door/door-watch.ts';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const admitted = (visitId: string): Extract<DoorResult, { ok: true }> => ({ ok: true, visitId, category: 'rider' });
const contact = (open: boolean, device = 'front-door'): DeviceState => ({
  device,
  kind: 'door',
  online: true,
  updatedAt: new Date().toISOString(),
  status: open ? 'open' : 'closed',
  values: { doorOpen: open },
});

let db: Db;
let watch: DoorWatch;
let outcomes: LockOutcome[];
let reannounced: DoorResult[];

function build(path: string, readsBack = true) {
  const answerTimeoutMs = readsBack ? 2000 : undefined;
  db = openStationDatabase(path);
  outcomes = [];
  reannounced = [];
  watch = new DoorWatch({
    db,
    now: () => Date.now(),
    answerTimeoutMs,
    contactDevice: 'front-door',
    openWindowMs: 10_000,
    outcome: (o, r) => {
      outcomes.push(o);
      if (o.lock === 'no-answer') reannounced.push({ ...r, lock: 'no-answer' });
    },
  });
}

const rows = (sql: string) => db.prepare(sql).all();
let path: string;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  path = join(mkdtempSync(join(tmpdir(), 'yz-door-watch-')), 'station.db');
  build(path);
});
afterEach(() => {
  watch.stop();
  db.close();
  vi.useRealTimers();
});

describe('door watch', () => {
  it('confirms an unlock the lock answers, by its request id, and records it', () => {
    watch.commanded(1, admitted('v1'));
    watch.commanded(2, admitted('v2'));
    vi.advanceTimersByTime(40);
    watch.answered({ requestId: 2 });
    expect(outcomes).toEqual([{ visitId: 'v2', lock: 'confirmed', at: '2026-11-28T03:00:00.040Z' }]);
    vi.advanceTimersByTime(2000);
    expect(outcomes.map((o) => [o.visitId, o.lock])).toEqual([
      ['v2', 'confirmed'],
      ['v1', 'no-answer'],
    ]);
    expect(reannounced).toEqual([{ ok: true, visitId: 'v1', category: 'rider', lock: 'no-answer' }]);
    expect(rows('SELECT visit_id, direction, lock_answer FROM door_unlocks ORDER BY id')).toEqual([
      { visit_id: 'v1', direction: 'in', lock_answer: 'no-answer' },
      { visit_id: 'v2', direction: 'in', lock_answer: 'confirmed' },
    ]);
  });

  it('takes an answer without an id as the oldest waiting unlock, and ignores answers nobody waits for', () => {
    watch.answered({});
    watch.commanded(1, admitted('v1'));
    watch.commanded(2, admitted('v2'));
    watch.answered({});
    expect(outcomes.map((o) => o.visitId)).toEqual(['v1']);
    watch.answered({ visitId: 'v2' });
    expect(outcomes.map((o) => o.visitId)).toEqual(['v1', 'v2']);
  });

  it('records nothing about answers when the lock is not read back', () => {
    watch.stop();
    db.close();
    build(path, false);
    watch.commanded(1, admitted('v1'));
    vi.advanceTimersByTime(60_000);
    expect(outcomes).toEqual([]);
    expect(rows('SELECT visit_id, lock_answer FROM door_unlocks')).toEqual([{ visit_id: 'v1', lock_answer: null }]);
  });

  it('marks the unlock the door opened after, from the contact', () => {
    watch.commanded(1, admitted('v1'));
    vi.advanceTimersByTime(1500);
    watch.deviceChanged(contact(true, 'other-door'));
    expect(rows('SELECT opened_at FROM door_unlocks')).toEqual([{ opened_at: null }]);
    watch.deviceChanged(contact(true));
    expect(rows('SELECT opened_at FROM door_unlocks')).toEqual([{ opened_at: '2026-11-28T03:00:01.500Z' }]);
  });

  it('stop removes its timers', () => {
    watch.deviceChanged(contact(true));
    watch.commanded(1, admitted('v1'));
    watch.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
