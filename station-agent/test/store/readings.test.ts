import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Db, openStationDatabase } from '../../src/db/open.ts';
import { DeviceFacts } from '../../src/store/device-facts.ts';
import { Outbox } from '../../src/store/outbox.ts';
import { FLUSH_MS, ReadingStore } from '../../src/store/readings.ts';

const T0 = Date.parse('2026-11-28T04:00:00Z');

describe('reading store', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    dir = mkdtempSync(join(tmpdir(), 'yz-readings-'));
    db = openStationDatabase(join(dir, 'station.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  it('writes buffered readings every flush and rolls them up per minute', () => {
    const store = new ReadingStore(
      db,
      { rawHours: 48, maxRawRows: 1_000, minuteRollupDays: 7, rollupDays: 400 },
      Date.now,
    );
    store.start();
    store.add('microwave', { powerW: 0.5, on: true }, T0);
    store.add('microwave', { powerW: 812 }, T0 + 20_000);
    expect(store.persisted).toBe(0);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(store.persisted).toBe(2);
    store.add('microwave', { powerW: 790.5 }, T0 + 40_000);
    store.add('microwave', { powerW: 3 }, T0 + 61_000);
    store.stop();
    expect(store.persisted).toBe(4);
    expect(store.rawReadings('microwave', T0, T0 + 60_000)).toEqual([
      { at: T0, values: { powerW: 0.5, on: true } },
      { at: T0 + 20_000, values: { powerW: 812 } },
      { at: T0 + 40_000, values: { powerW: 790.5 } },
    ]);
    expect(store.minuteRollups('microwave', T0, T0 + 120_000)).toEqual([
      { device: 'microwave', field: 'on', minute: T0, n: 1, total: 1, lo: 1, hi: 1, last: 1 },
      { device: 'microwave', field: 'powerW', minute: T0, n: 3, total: 1603, lo: 0.5, hi: 812, last: 790.5 },
      { device: 'microwave', field: 'powerW', minute: T0 + 60_000, n: 1, total: 3, lo: 3, hi: 3, last: 3 },
    ]);
  });

  it('writes large batches (whole multi-row inserts and the rest) in order, each device rolled up per minute', () => {
    const store = new ReadingStore(
      db,
      { rawHours: 48, maxRawRows: 10_000, minuteRollupDays: 7, rollupDays: 400 },
      Date.now,
    );
    // 150 readings a second apart, round-robin over 3 plugs: 64 + 64 rows in two statements, 22 one by one;
    // the minute changes at reading 60 while the batch is open.
    for (let i = 0; i < 150; i++) store.add(`plug${i % 3}`, { powerW: i, on: i % 2 === 0 }, T0 + i * 1_000);
    expect(store.buffered).toBe(150);
    store.flush();
    expect(store.buffered).toBe(0);
    expect(store.persisted).toBe(150);
    const ids = db.prepare('SELECT device, at FROM readings ORDER BY id').all() as { device: string; at: number }[];
    expect(ids).toEqual(Array.from({ length: 150 }, (_, i) => ({ device: `plug${i % 3}`, at: T0 + i * 1_000 })));
    expect(store.rawReadings('plug1', T0, T0 + 10_000)).toEqual([
      { at: T0 + 1_000, values: { powerW: 1, on: false } },
      { at: T0 + 4_000, values: { powerW: 4, on: true } },
      { at: T0 + 7_000, values: { powerW: 7, on: false } },
    ]);
    // plug1 has readings 1, 4, … 58 in the first minute, 61 … 118 in the second, 121 … 148 in the third.
    const series = (from: number, to: number) => Array.from({ length: (to - from) / 3 + 1 }, (_, k) => from + 3 * k);
    const powerOf = (xs: number[], minute: number) => ({
      device: 'plug1',
      field: 'powerW',
      minute: T0 + minute * 60_000,
      n: xs.length,
      total: xs.reduce((a, b) => a + b, 0),
      lo: xs[0],
      hi: xs.at(-1),
      last: xs.at(-1),
    });
    expect(store.minuteRollups('plug1', T0, T0 + 180_000).filter((r) => r.field === 'powerW')).toEqual([
      powerOf(series(1, 58), 0),
      powerOf(series(61, 118), 1),
      powerOf(series(121, 148), 2),
    ]);
    expect(store.minuteRollups('plug1', T0, T0 + 60_000).filter((r) => r.field === 'on')).toEqual([
      { device: 'plug1', field: 'on', minute: T0, n: 20, total: 10, lo: 0, hi: 1, last: 1 },
    ]);
    store.add('plug1', { powerW: 1_000 }, T0 + 150_000);
    store.flush();
    expect(store.minuteRollups('plug1', T0 + 120_000, T0 + 180_000).filter((r) => r.field === 'powerW')).toEqual([
      {
        ...powerOf(series(121, 148), 2),
        n: 11,
        total: series(121, 148).reduce((a, b) => a + b, 0) + 1_000,
        hi: 1_000,
        last: 1_000,
      },
    ]);
  });

  it('keeps raw readings for their hours and count, rollups for their days', async () => {
    // Pruning yields to the event loop between chunks (setImmediate), which fake timers would hold.
    vi.useRealTimers();
    const now = () => T0;
    const store = new ReadingStore(db, { rawHours: 1, maxRawRows: 6_000, minuteRollupDays: 1, rollupDays: 1 }, now);
    for (let i = 0; i < 12_000; i++) store.add('plug', { powerW: i % 10 }, T0 - 2 * 86_400_000 + i * 1_000);
    store.add('plug', { powerW: 1 }, T0 - 30 * 60_000);
    store.flush();
    await store.prune();
    const left = db.prepare('SELECT count(*) AS n, min(at) AS first FROM readings').get() as {
      n: number;
      first: number;
    };
    expect(left).toEqual({ n: 1, first: T0 - 30 * 60_000 });
    const rollups = db.prepare('SELECT count(*) AS n FROM reading_rollups').get() as { n: number };
    expect(rollups.n).toBe(1);
    // The older minutes were folded into hours, and those hours are past their day too.
    expect(db.prepare('SELECT count(*) FROM reading_rollups_hourly').pluck().get()).toBe(0);

    const byCount = new ReadingStore(
      db,
      { rawHours: 48, maxRawRows: 6_000, minuteRollupDays: 7, rollupDays: 400 },
      now,
    );
    for (let i = 0; i < 12_000; i++) byCount.add('plug', { powerW: 1 }, T0 - i);
    byCount.flush();
    await byCount.prune();
    expect((db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n).toBe(6_000);
  });

  it('folds minute rollups past their days into hourly ones, exactly, and keeps those for their days', async () => {
    vi.useRealTimers();
    const now = () => T0;
    const store = new ReadingStore(db, { rawHours: 48, maxRawRows: 100_000, minuteRollupDays: 2, rollupDays: 5 }, now);
    // Two fridges, every 20 s: from 4 days ago (folded) to within the last day (kept per minute), and one
    // 6 days ago (folded, then past the hourly retention).
    const hourStart = Math.floor((T0 - 4 * 86_400_000) / 3_600_000) * 3_600_000;
    const temperature = (i: number) => 3 + ((i * 7) % 11) / 2;
    for (let i = 0; i < 3 * 180; i++) {
      for (const device of ['fridge-1', 'fridge-2']) {
        store.add(device, { temperatureC: temperature(i), doorOpen: i % 9 === 0 }, hourStart + i * 20_000);
      }
    }
    store.add('fridge-1', { temperatureC: 4 }, T0 - 6 * 86_400_000);
    store.add('fridge-1', { temperatureC: 5 }, T0 - 3_600_000);
    store.flush();
    const minutesBefore = store.minuteRollups('fridge-1', hourStart, hourStart + 3 * 3_600_000);
    expect(minutesBefore).toHaveLength(2 * 180);

    await store.prune();
    // Each hour of each value is the sum of its minutes: count and total added, the extremes, the last minute's last.
    const hourly = store.hourlyRollups('fridge-1', hourStart, hourStart + 3 * 3_600_000);
    const expected = ['doorOpen', 'temperatureC'].flatMap((field) =>
      [0, 1, 2].map((h) => {
        const minutes = minutesBefore.filter(
          (m) =>
            m.field === field && m.minute >= hourStart + h * 3_600_000 && m.minute < hourStart + (h + 1) * 3_600_000,
        );
        return {
          device: 'fridge-1',
          field,
          hour: hourStart + h * 3_600_000,
          n: minutes.reduce((a, m) => a + m.n, 0),
          total: minutes.reduce((a, m) => a + m.total, 0),
          lo: Math.min(...minutes.map((m) => m.lo)),
          hi: Math.max(...minutes.map((m) => m.hi)),
          last: minutes.at(-1)!.last,
        };
      }),
    );
    expect(hourly).toEqual(expected);
    expect(hourly[0]).toMatchObject({ field: 'doorOpen', n: 180 });
    // Folded minutes are gone; the recent one stays a minute; the 6-day-old hour is past the hourly retention.
    expect(store.minuteRollups('fridge-1', hourStart, hourStart + 3 * 3_600_000)).toEqual([]);
    expect(store.minuteRollups('fridge-1', T0 - 3_600_000, T0)).toHaveLength(1);
    expect(store.hourlyRollups('fridge-1', T0 - 7 * 86_400_000, T0 - 5 * 86_400_000)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM reading_rollups_hourly').pluck().get()).toBe(2 * 2 * 3);

    // A second prune changes nothing: nothing is folded twice.
    await store.prune();
    expect(store.hourlyRollups('fridge-1', hourStart, hourStart + 3 * 3_600_000)).toEqual(expected);
  });

  it('records sessions with their outbox events and counts them per local day', () => {
    const outbox = new Outbox(db);
    const facts = new DeviceFacts(db, outbox);
    facts.session('microwave', new Date('2026-11-27T15:50:00Z'), new Date('2026-11-27T15:52:30Z'));
    facts.session('microwave', new Date('2026-11-27T16:10:00Z'), new Date('2026-11-27T16:11:00Z'));
    facts.session('microwave', new Date('2026-11-28T04:00:00Z'), new Date('2026-11-28T04:03:00Z'));
    expect(
      facts.sessionsByDay(
        'microwave',
        new Date('2026-11-27T00:00:00Z'),
        new Date('2026-11-29T00:00:00Z'),
        'Asia/Shanghai',
      ),
    ).toEqual([
      { day: '2026-11-27', sessions: 1, seconds: 150 },
      { day: '2026-11-28', sessions: 2, seconds: 240 },
    ]);
    expect(outbox.pending(10).map((e) => e.type)).toEqual([
      'appliance.session',
      'appliance.session',
      'appliance.session',
    ]);
  });

  it('tells the hub an availability change once, also across restarts', () => {
    const outbox = new Outbox(db);
    const facts = new DeviceFacts(db, outbox);
    expect(facts.availability('fridge', true, new Date(T0))).toBe(true);
    expect(facts.availability('fridge', true, new Date(T0 + 1))).toBe(false);
    expect(new DeviceFacts(db, outbox).availability('fridge', true, new Date(T0 + 2))).toBe(false);
    expect(facts.availability('fridge', false, new Date(T0 + 3))).toBe(true);
    expect(outbox.pending(10).map((e) => e.body)).toEqual([
      { device: 'fridge', online: true },
      { device: 'fridge', online: false },
    ]);
  });
});
