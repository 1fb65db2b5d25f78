/**
 * Per-username login failures in a sliding window. In memory on purpose: it only has to slow down
 * password guessing against one hub process, and it needs no timer (entries expire when looked at).
 */
export interface LoginThrottle {
  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfterSeconds(username: string, nowMs: number): number;
  recordFailure(username: string, nowMs: number): void;
  clear(username: string): void;
}

export function createLoginThrottle(options: { maxFailures: number; windowMs: number }): LoginThrottle {
  const failures = new Map<string, number[]>();
  // Bounds memory when someone tries many usernames.
  const MAX_TRACKED = 10_000;

  const recent = (username: string, nowMs: number): number[] => {
    const kept = (failures.get(username) ?? []).filter((t) => nowMs - t < options.windowMs);
    if (kept.length === 0) failures.delete(username);
    else failures.set(username, kept);
    return kept;
  };

  return {
    retryAfterSeconds(username, nowMs) {
      const kept = recent(username, nowMs);
      if (kept.length < options.maxFailures) return 0;
      const oldest = kept[kept.length - options.maxFailures]!;
      return Math.max(1, Math.ceil((oldest + options.windowMs - nowMs) / 1000));
    },
    recordFailure(username, nowMs) {
      if (failures.size >= MAX_TRACKED && !failures.has(username)) {
        for (const name of failures.keys()) recent(name, nowMs);
        if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value!);
      }
      failures.set(username, [...recent(username, nowMs), nowMs]);
    },
    clear(username) {
      failures.delete(username);
    },
  };
}
