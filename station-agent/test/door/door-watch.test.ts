import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceState, DoorResult, LockOutcome } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { DoorWatch } from '../../src/door/door-watch.ts';
import { EventBus } from '../../src/event-bus.ts';
import { Outbox } from '../../src/store/outbox.ts';

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
let bus: EventBus;
let watch: DoorWatch;
let outcomes: LockOutcome[];
let reannounced: DoorResult[];

function build(path: string, readsBack = true) {
  const answerTimeoutMs = readsBack ? 2000 : undefined;
  db = openStationDatabase(path);
  bus = new EventBus();
  outcomes = [];
  reannounced = [];
  watch = new DoorWatch({
    db,
    bus,
    outbox: new Outbox(db),
    now: () => Date.now(),
    answerTimeoutMs,
    heldOpenMs: 60_000,
    contactDevice: 'front-door',
    openWindowMs: 10_000,
    outcome: (o, r) => {
      outcomes.push(o);
      if (o.lock === 'no-answer') reannounced.push({ ...r, lock: 'no-answer' });
    },
    changed: () => {},
  });
  watch.start();
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

  it('marks the unlock the door opened after, from the contact on the bus', () => {
    watch.commanded(1, admitted('v1'));
    vi.advanceTimersByTime(1500);
    bus.emit('device', contact(true, 'other-door'));
    expect(rows('SELECT opened_at FROM door_unlocks')).toEqual([{ opened_at: null }]);
    bus.emit('device', contact(true));
    expect(rows('SELECT opened_at FROM door_unlocks')).toEqual([{ opened_at: '2026-11-28T03:00:01.500Z' }]);
  });

  it('raises door-held-open after the limit, keeps it over a restart, clears it when the door closes', () => {
    bus.emit('device', contact(true));
    vi.advanceTimersByTime(59_999);
    expect(rows("SELECT type FROM outbox WHERE type LIKE 'alarm.%'")).toEqual([]);
    vi.advanceTimersByTime(1);
    const alarm = watch.heldOpenAlarm();
    expect(alarm).toEqual({ id: expect.any(String), device: 'front-door' });
    expect(rows("SELECT body FROM outbox WHERE type = 'alarm.raised'")).toEqual([
      {
        body: JSON.stringify({
          alarmId: alarm!.id,
          rule: 'door-held-open',
          device: 'front-door',
          detail: 'door open for more than 60 s',
        }),
      },
    ]);

    watch.stop();
    db.close();
    build(path);
    expect(watch.heldOpenAlarm()).toEqual(alarm);
    bus.emit('device', contact(false));
    expect(watch.heldOpenAlarm()).toBeUndefined();
    expect(rows("SELECT body FROM outbox WHERE type = 'alarm.cleared'")).toEqual([
      { body: JSON.stringify({ alarmId: alarm!.id, rule: 'door-held-open', device: 'front-door' }) },
    ]);
  });

  it('stop removes its bus listener and timers', () => {
    bus.emit('device', contact(true));
    watch.commanded(1, admitted('v1'));
    watch.stop();
    expect(bus.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
