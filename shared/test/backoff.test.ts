import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../src/backoff.ts';

const backoff = { firstMs: 500, maxMs: 30_000, jitter: 0.5 };

describe('backoffDelayMs', () => {
  it('doubles from the first delay up to the cap', () => {
    expect([0, 1, 2, 5, 6, 7, 60, 5000].map((a) => backoffDelayMs(a, backoff, () => 0.5))).toEqual([
      500, 1000, 2000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('spreads each delay by its jitter on both sides', () => {
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, backoff, () => 1)).toBe(6000);
    expect(backoffDelayMs(3, { ...backoff, jitter: 0 }, () => 1)).toBe(4000);
  });
});
