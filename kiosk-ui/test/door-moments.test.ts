/** The door's moments at a busy station: grouped welcomes, a refusal that holds, a lock's silence in its place. */
import type { DoorResult } from '@yizhan/shared';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createDoorMoments } from '../src/model/door-moments.ts';

const welcome = (visitId: string, category: 'rider' | 'courier' = 'rider') =>
  ({ ok: true, visitId, category }) as const satisfies DoorResult;
const refused: DoorResult = { ok: false, reason: 'expired' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const moments = () => createDoorMoments({ showMs: 6_000, refusalMinMs: 4_000 }, () => Date.now());

it('shows welcomes in quick succession together, and takes them down after the last one’s time', () => {
  const m = moments();
  m.arrive(welcome('v1'));
  vi.advanceTimersByTime(2_000);
  m.arrive(welcome('v2', 'courier'));
  m.arrive(welcome('v3'));
  expect(m.current.value?.welcomes.map((w) => w.visitId)).toEqual(['v1', 'v2', 'v3']);
  expect(m.current.value?.result).toEqual(welcome('v3'));
  vi.advanceTimersByTime(5_900);
  expect(m.current.value).not.toBeNull();
  vi.advanceTimersByTime(200);
  expect(m.current.value).toBeNull();
});

it('never lets another worker’s welcome cover a refusal before its minimum time, then shows them together', () => {
  const m = moments();
  m.arrive(refused);
  vi.advanceTimersByTime(400);
  m.arrive(welcome('v1'));
  m.arrive(welcome('v2', 'courier'));
  // 0.4 s after the refusal, it is still what is shown.
  expect(m.current.value?.result).toEqual(refused);
  vi.advanceTimersByTime(3_500);
  expect(m.current.value?.result).toEqual(refused);
  vi.advanceTimersByTime(200);
  expect(m.current.value?.welcomes.map((w) => w.visitId)).toEqual(['v1', 'v2']);
  // A welcome after the minimum time replaces the refusal at once.
  const n = moments();
  n.arrive(refused);
  vi.advanceTimersByTime(4_100);
  n.arrive(welcome('v9'));
  expect(n.current.value?.welcomes).toEqual([welcome('v9')]);
});

it('lets a refusal replace a welcome at once: the person at the shut door must see it', () => {
  const m = moments();
  m.arrive(welcome('v1'));
  m.arrive({ ok: false, reason: 'revoked' });
  expect(m.current.value?.result).toEqual({ ok: false, reason: 'revoked' });
  expect(m.current.value?.welcomes).toEqual([]);
});

it('shows a lock’s silence only over its own worker’s welcome', () => {
  const m = moments();
  m.arrive(welcome('v1'));
  m.arrive(welcome('v2'));
  m.arrive({ ...welcome('v1'), lock: 'no-answer' });
  expect(m.current.value?.welcomes.map((w) => w.visitId)).toEqual(['v1', 'v2']);
  m.arrive({ ...welcome('v2'), lock: 'no-answer' });
  expect(m.current.value?.result).toEqual({ ...welcome('v2'), lock: 'no-answer' });
  // The silence is a refusal of sorts: the next welcome waits for its minimum time.
  m.arrive(welcome('v3'));
  expect(m.current.value?.result).toEqual({ ...welcome('v2'), lock: 'no-answer' });
});

it('brings held-back welcomes at once when the refusal is dismissed by hand', () => {
  const m = moments();
  m.arrive(refused);
  m.arrive(welcome('v1'));
  m.dismiss();
  expect(m.current.value?.welcomes).toEqual([welcome('v1')]);
  m.stop();
});
