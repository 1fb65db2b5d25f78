import { describe, expect, it } from 'vitest';
import { ApplianceUse } from '../../src/derived/appliance-use.ts';

const microwave = () => new ApplianceUse({ aboveWatts: 50, belowWatts: 10, forSeconds: 10 });

describe('appliance use', () => {
  it('is unknown until power is reported, then free below the threshold', () => {
    const use = microwave();
    expect(use.current).toBe('unknown');
    expect(use.reading({ powerW: 0.5 }, 0)).toEqual({ status: 'free' });
  });

  it('is in use at once above aboveWatts and free only after belowWatts for forSeconds', () => {
    const use = microwave();
    use.reading({ powerW: 0 }, 0);
    expect(use.reading({ powerW: 812 }, 1_000)).toEqual({ status: 'in-use' });
    expect(use.reading({ powerW: 3 }, 60_000)).toEqual({ status: 'in-use', recheckAt: 70_000 });
    expect(use.tick(69_999)).toEqual({ status: 'in-use', recheckAt: 70_000 });
    expect(use.tick(70_000)).toEqual({ status: 'free', ended: { startedAt: 1_000, endedAt: 70_000 } });
  });

  it('does not end a session on a magnetron pause shorter than forSeconds', () => {
    const use = microwave();
    use.reading({ powerW: 900 }, 0);
    use.reading({ powerW: 2 }, 5_000);
    expect(use.reading({ powerW: 880 }, 9_000)).toEqual({ status: 'in-use' });
    expect(use.tick(16_000)).toEqual({ status: 'in-use' });
  });

  it('keeps its status between the thresholds (no flapping around one value)', () => {
    const use = microwave();
    use.reading({ powerW: 900 }, 0);
    for (const [i, w] of [49, 11, 30, 12, 45].entries()) {
      expect(use.reading({ powerW: w }, 1_000 * (i + 1)).status).toBe('in-use');
    }
  });

  it('is off when the relay is off, ending a running session', () => {
    const use = microwave();
    use.reading({ powerW: 900 }, 0);
    expect(use.reading({ powerW: 900, on: false }, 30_000)).toEqual({
      status: 'off',
      ended: { startedAt: 0, endedAt: 30_000 },
    });
  });
});
