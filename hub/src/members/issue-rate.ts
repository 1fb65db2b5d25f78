/**
 * Token buckets per caller (an integration key, a member, a member-page link). In memory on purpose:
 * it only has to keep one hub process from being used as a code mint, and needs no timer.
 */
export interface IssueRate {
  /** Takes one token: 0 when allowed, else the seconds until one is free. */
  take(key: string, nowMs: number): number;
}

export function createIssueRate(options: { perMinute: number; burst?: number }): IssueRate {
  const capacity = options.burst ?? options.perMinute;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  // Bounds memory when many callers pass by: full buckets carry no information and can go.
  const MAX_TRACKED = 50_000;

  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: capacity, at: nowMs };
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
      bucket.at = nowMs;
      if (bucket.tokens < 1) {
        buckets.set(key, bucket);
        return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      }
      bucket.tokens -= 1;
      if (buckets.size >= MAX_TRACKED && !buckets.has(key)) {
        for (const [k, b] of buckets) {
          if (b.tokens + (nowMs - b.at) * perMs >= capacity) buckets.delete(k);
        }
      }
      buckets.set(key, bucket);
      return 0;
    },
  };
}
