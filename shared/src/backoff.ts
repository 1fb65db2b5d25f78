/**
 * The one retry delay of the product: exponential from `firstMs`, capped at `maxMs`, spread by ±`jitter` of
 * itself so that many stations (or kiosks) that lost the same server do not all come back at the same moment.
 */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** A fraction of the delay, 0…1: 0.2 spreads retries over ±20 %. */
  jitter: number;
}

/** The delay before retry number `attempt` (0 for the first retry). */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  // 2 ** 30 is past any cap in use; the exponent is bounded so that a long outage cannot overflow to Infinity.
  const base = Math.min(backoff.firstMs * 2 ** Math.min(Math.max(0, attempt), 30), backoff.maxMs);
  return Math.round(base * (1 - backoff.jitter + 2 * backoff.jitter * random()));
}
