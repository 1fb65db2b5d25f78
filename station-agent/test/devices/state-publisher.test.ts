import type { DeviceState } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatePublisher } from '../../src/devices/state-publisher.ts';

const state = (powerW: number, status = 'in-use'): DeviceState => ({
  device: 'kettle',
  kind: 'appliance',
  online: true,
  updatedAt: null,
  status,
  values: { powerW },
});

describe('state publisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a status change at once and value changes at most once a second, the latest winning', () => {
    const sent: DeviceState[] = [];
    const p = new StatePublisher((s) => sent.push(s), Date.now, 1_000);
    p.offer(state(1800), true);
    for (let w = 1801; w <= 1810; w++) {
      vi.advanceTimersByTime(50);
      p.offer(state(w), false);
    }
    expect(sent.map((s) => s.values.powerW)).toEqual([1800]);
    vi.advanceTimersByTime(500);
    expect(sent.map((s) => s.values.powerW)).toEqual([1800, 1810]);
    p.offer(state(1811), false);
    p.offer(state(2, 'free'), true);
    vi.advanceTimersByTime(5_000);
    expect(sent.map((s) => [s.values.powerW, s.status])).toEqual([
      [1800, 'in-use'],
      [1810, 'in-use'],
      [2, 'free'],
    ]);
    p.stop();
  });
});
