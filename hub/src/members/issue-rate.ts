/**
 * Token buckets per caller (an integration key, a member, a member-page link). In memory on purpose:
 * it only has to keep one hub process from being used as a code mint, and needs no timer.
 */
import { TokenBucket } from '@yizhan/shared';

export interface IssueRate {
  /** Takes one token: 0 when allowed, else the seconds until one is free. */
  take(key: string, nowMs: number): number;
}

export function createIssueRate(options: { perMinute: number; burst?: number }): IssueRate {
  const capacity = options.burst ?? options.perMinute;
  const perSecond = options.perMinute / 60;
  const buckets = new Map<string, TokenBucket>();
  // Bounds memory when many callers pass by: full buckets carry no information and can go.
  const MAX_TRACKED = 50_000;

  return {
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= MAX_TRACKED) {
          for (const [k, b] of buckets) if (b.isFull(nowMs)) buckets.delete(k);
        }
        bucket = new TokenBucket(capacity, perSecond, nowMs);
        buckets.set(key, bucket);
      }
      const waitMs = bucket.take(nowMs);
      return waitMs === 0 ? 0 : Math.ceil(waitMs / 1000);
    },
  };
}
