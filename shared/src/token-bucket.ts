/**
 * A token bucket: at most `capacity` tokens, refilled at `perSecond`. Time is passed in (epoch ms), so callers
 * and tests control it; time that runs backwards (a clock set back) refills nothing.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Takes a token: 0 when there was one, else the milliseconds until there is. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens < 1) return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
    this.tokens -= 1;
    return 0;
  }

  /** Full again at `now`: it remembers nothing a fresh bucket would not, so a keeper of many may drop it. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.at) * this.perSecond) / 1000);
    this.at = now;
  }
}
