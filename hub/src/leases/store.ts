/**
 * Leases on work that one hub process of several does at a time (the silent-station sweep). Engine-neutral;
 * every method is asynchronous. `now` is ms since the epoch, from the hub's clock.
 */
export interface LeaseStore {
  /** Takes or renews the lease for `holder` until `now + ttlMs` if it is free, expired or already its own. */
  acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
}
