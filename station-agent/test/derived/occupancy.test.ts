import type { DeviceState, DeviceValues, Occupancy } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OCCUPANCY_TICK_MS, OccupancyEstimator, type OccupancyMemory } from '../../src/derived/occupancy.ts';

const T0 = Date.parse('2026-11-28T11:00:00Z');

function estimator(sources: { counters?: string[]; zones?: string[]; seats?: string[] }) {
  const changes: number[] = [];
  const samples: Occupancy[] = [];
  const memories: OccupancyMemory[] = [];
  const e = new OccupancyEstimator(
    { capacity: 20, maxInside: 40, quietMs: 60 * 60_000, zoneTimeoutMs: 600_000, sampleMs: 15 * 60_000 },
    { counters: sources.counters ?? [], zones: sources.zones ?? [], seats: sources.seats ?? [] },
    {
      changed: (o) => changes.push(o.inside),
      sample: (o) => samples.push(o),
      remember: (m) => memories.push(structuredClone(m)),
    },
    Date.now,
  );
  const state = (device: string, values: DeviceValues, online: boolean | null = true): DeviceState => ({
    device,
    kind: 'people-counter',
    online,
    updatedAt: new Date(Date.now()).toISOString(),
    status: 'ok',
    values,
  });
  return { e, changes, samples, memories, state };
}

describe('occupancy estimate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('follows a people counter through a busy lunch hour, counting only differences', () => {
    const { e, changes, state } = estimator({ counters: ['door'] });
    e.start();
    // The counter has counted for months: its first reading is only a baseline.
    e.observe(state('door', { peopleIn: 1287, peopleOut: 1280 }));
    expect(e.current.inside).toBe(0);
    const arrivals = [3, 5, 4, 6, 2, 1, 0, 0];
    const departures = [0, 1, 2, 3, 4, 5, 4, 2];
    let cin = 1287;
    let cout = 1280;
    for (let i = 0; i < arrivals.length; i++) {
      vi.advanceTimersByTime(7.5 * 60_000);
      cin += arrivals[i]!;
      cout += departures[i]!;
      e.observe(state('door', { peopleIn: cin, peopleOut: cout }));
    }
    expect(changes).toEqual([3, 7, 9, 12, 10, 6, 2, 0]);
    expect(e.current).toEqual({ inside: 0, capacity: 20, updatedAt: new Date(T0 + 60 * 60_000).toISOString() });
    e.stop();
  });

  it('survives a counter reset (reboot) and ignores an absurd jump', () => {
    const { e, state } = estimator({ counters: ['door'] });
    e.observe(state('door', { peopleIn: 1290, peopleOut: 1281 }));
    e.observe(state('door', { peopleIn: 1295, peopleOut: 1282 }));
    expect(e.current.inside).toBe(4);
    e.observe(state('door', { peopleIn: 0, peopleOut: 0 }));
    expect(e.current.inside).toBe(4);
    e.observe(state('door', { peopleIn: 2, peopleOut: 1 }));
    expect(e.current.inside).toBe(5);
    e.observe(state('door', { peopleIn: 900_002, peopleOut: 1 }));
    expect(e.current.inside).toBe(5);
    e.observe(state('door', { peopleIn: 900_003, peopleOut: 1 }));
    expect(e.current.inside).toBe(6);
  });

  it('never goes below zero nor above the maximum', () => {
    const { e, state } = estimator({ counters: ['door'] });
    e.observe(state('door', { peopleIn: 0, peopleOut: 0 }));
    e.observe(state('door', { peopleIn: 0, peopleOut: 5 }));
    expect(e.current.inside).toBe(0);
    e.observe(state('door', { peopleIn: 39, peopleOut: 5 }));
    e.observe(state('door', { peopleIn: 78, peopleOut: 5 }));
    expect(e.current.inside).toBe(40);
  });

  it('takes occupied zones and seats as a floor, with a timeout for a zone that never says clear', () => {
    const { e, state } = estimator({ zones: ['rest', 'dining'], seats: ['seat-1', 'seat-2', 'seat-3'] });
    e.start();
    e.observe(state('rest', { occupied: true }));
    expect(e.current.inside).toBe(1);
    e.observe(state('dining', { occupied: true }));
    for (const s of ['seat-1', 'seat-2', 'seat-3']) e.observe(state(s, { occupied: true }));
    expect(e.current.inside).toBe(3);
    for (const s of ['seat-1', 'seat-2', 'seat-3']) e.observe(state(s, { occupied: false }));
    e.observe(state('dining', { occupied: false }));
    expect(e.current.inside).toBe(1);
    // "rest" said occupied and then nothing: after the zone timeout it no longer counts.
    vi.advanceTimersByTime(600_000 + OCCUPANCY_TICK_MS);
    expect(e.current.inside).toBe(0);
    e.stop();
  });

  it('corrects counter drift to zero after a long quiet period, but not while a zone is occupied', () => {
    const { e, state, changes } = estimator({ counters: ['door'], zones: ['rest'] });
    e.start();
    e.observe(state('door', { peopleIn: 10, peopleOut: 10 }));
    e.observe(state('door', { peopleIn: 13, peopleOut: 10 }));
    e.observe(state('rest', { occupied: false }));
    vi.advanceTimersByTime(59 * 60_000);
    expect(e.current.inside).toBe(3);
    vi.advanceTimersByTime(2 * 60_000);
    expect(e.current.inside).toBe(0);
    expect(changes).toEqual([3, 0]);

    e.observe(state('door', { peopleIn: 15, peopleOut: 10 }));
    for (let m = 0; m < 90; m += 5) {
      vi.advanceTimersByTime(5 * 60_000);
      e.observe(state('rest', { occupied: true }));
    }
    expect(e.current.inside).toBe(2);
    e.stop();
  });

  it('sends a sample every sampleMs and has no estimate without sources', () => {
    const { e, samples, state } = estimator({ counters: ['door'] });
    e.start();
    e.observe(state('door', { peopleIn: 1, peopleOut: 0 }));
    e.observe(state('door', { peopleIn: 3, peopleOut: 0 }));
    vi.advanceTimersByTime(30 * 60_000);
    expect(samples.map((s) => s.inside)).toEqual([2, 2]);
    e.stop();
    expect(estimator({}).e.hasSources).toBe(false);
  });
  it('hands out what the counters told when it changes, not for a repeated reading', () => {
    const { e, memories, state } = estimator({ counters: ['door'] });
    e.start();
    e.observe(state('door', { peopleIn: 100, peopleOut: 90 }));
    e.observe(state('door', { peopleIn: 100, peopleOut: 90 }));
    e.observe(state('door', { peopleIn: 108, peopleOut: 91 }));
    expect(memories).toEqual([
      { counted: 0, baselines: { door: { in: 100, out: 90 } }, savedAt: T0 },
      { counted: 7, baselines: { door: { in: 108, out: 91 } }, savedAt: T0 },
    ]);
    // The quiet period's correction to zero is kept too.
    vi.advanceTimersByTime(61 * 60_000);
    expect(memories.at(-1)).toMatchObject({ counted: 0 });
  });

  it('carries on after a restart: the people inside, and who came and went while it was down', () => {
    const before = estimator({ counters: ['door'] });
    before.e.start();
    before.e.observe(before.state('door', { peopleIn: 100, peopleOut: 90 }));
    before.e.observe(before.state('door', { peopleIn: 108, peopleOut: 91 }));
    before.e.stop();

    vi.advanceTimersByTime(5 * 60_000);
    const after = estimator({ counters: ['door'] });
    expect(after.e.restore(before.memories.at(-1))).toBe(true);
    after.e.start();
    expect(after.e.current.inside).toBe(7);
    expect(after.changes).toEqual([7]);
    // Three came in and one left while the agent was down: the counter's totals say so.
    after.e.observe(after.state('door', { peopleIn: 111, peopleOut: 92 }));
    expect(after.e.current.inside).toBe(9);
  });

  it('does not take up a count older than the quiet period, from the future, or of a counter it no longer has', () => {
    const memory: OccupancyMemory = { counted: 7, baselines: { door: { in: 108, out: 91 } }, savedAt: T0 };
    vi.setSystemTime(T0 + 61 * 60_000);
    const stale = estimator({ counters: ['door'] });
    expect(stale.e.restore(memory)).toBe(false);
    // The count is not taken up, but the counter's totals are: who came in while the agent was down counts.
    stale.e.start();
    expect(stale.e.current.inside).toBe(0);
    stale.e.observe(stale.state('door', { peopleIn: 110, peopleOut: 91 }));
    expect(stale.e.current.inside).toBe(2);
    vi.setSystemTime(T0 - 60_000);
    expect(estimator({ counters: ['door'] }).e.restore(memory)).toBe(false);
    expect(estimator({ counters: ['door'] }).e.restore(undefined)).toBe(false);

    vi.setSystemTime(T0 + 60_000);
    const { e, state } = estimator({ counters: ['side-door'] });
    expect(e.restore(memory)).toBe(true);
    e.start();
    // The old door's baseline is not applied to another counter: its first reading is only a baseline.
    e.observe(state('side-door', { peopleIn: 500, peopleOut: 400 }));
    expect(e.current.inside).toBe(7);
  });
});
