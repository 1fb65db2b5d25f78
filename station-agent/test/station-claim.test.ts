import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Claim, RENEW_MS, STALE_MS, StationClaim } from '../src/station-claim.ts';

const T0 = Date.parse('2026-11-28T03:00:00Z');

function claimFor(epoch: string) {
  const published: Claim[] = [];
  const conflicts: Claim[] = [];
  const claim = new StationClaim({
    epoch,
    now: () => Date.now(),
    publish: async (c) => {
      published.push(c);
    },
    listen: () => () => {},
    conflict: (other) => conflicts.push(other),
  });
  return { claim, published, conflicts };
}
const payload = (c: Claim) => Buffer.from(JSON.stringify(c));

describe('station claim', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('claims after a short grace and renews every RENEW_MS', async () => {
    const { claim, published } = claimFor('epoch-a');
    const started = claim.start();
    await vi.advanceTimersByTimeAsync(300);
    await started;
    expect(published).toEqual([{ epoch: 'epoch-a', startedAt: T0, at: T0 + 300 }]);
    await vi.advanceTimersByTimeAsync(RENEW_MS);
    expect(published).toHaveLength(2);
    claim.stop();
  });

  it('gives way to a live claim of another database seen before its own start', async () => {
    const { claim, published, conflicts } = claimFor('epoch-b');
    const started = claim.start();
    const other = { epoch: 'epoch-a', startedAt: T0 - 60_000, at: T0 - 1_000 };
    claim.seen(payload(other));
    await vi.advanceTimersByTimeAsync(300);
    await started;
    expect(conflicts).toEqual([other]);
    expect(claim.conflicted).toBe(true);
    // It puts the winner's claim back and never publishes its own.
    expect(published).toEqual([other]);
  });

  it('keeps the station against a later starter, its own restarts and stale or broken claims', async () => {
    const { claim, conflicts } = claimFor('epoch-a');
    const started = claim.start();
    await vi.advanceTimersByTimeAsync(300);
    await started;
    claim.seen(payload({ epoch: 'epoch-b', startedAt: T0 + 5_000, at: T0 + 5_000 }));
    claim.seen(payload({ epoch: 'epoch-a', startedAt: T0 - 99_000, at: T0 }));
    claim.seen(payload({ epoch: 'epoch-c', startedAt: T0 - 99_000, at: T0 - STALE_MS - 1 }));
    claim.seen(Buffer.from('{"epoch":'));
    claim.seen(Buffer.from('{"epoch":"x","startedAt":"soon"}'));
    expect(conflicts).toEqual([]);
    claim.stop();
  });

  it('breaks an exact tie by epoch, so both agents agree on one winner', async () => {
    const a = claimFor('epoch-a');
    const b = claimFor('epoch-b');
    const sa = a.claim.start();
    const sb = b.claim.start();
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all([sa, sb]);
    a.claim.seen(payload(b.published[0]!));
    b.claim.seen(payload(a.published[0]!));
    expect(a.conflicts).toEqual([]);
    expect(b.conflicts).toEqual([a.published[0]]);
    a.claim.stop();
  });
});
