/**
 * Notices stations going silent. Sync and bundle requests mark a station online and announce it at once;
 * going offline is the absence of requests, so something has to look: every `checkSeconds` the sweep clears
 * the online mark of stations not heard from for `offlineAfterSeconds` and announces each of them. It keeps
 * the online counts of the area totals right, so it runs whether or not a dashboard watches. With several
 * hub processes, the one holding the lease sweeps for all (its announcements reach every process through
 * the feed's relay).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { PeriodicLook } from '../periodic-look.ts';
import type { HubStore } from '../store.ts';
import type { OfficeFeed } from './office-feed.ts';

const LEASE = 'presence-watch';

export function isOnline(lastSeenAt: string | null, now: number, offlineAfterSeconds: number): boolean {
  return lastSeenAt !== null && Date.parse(lastSeenAt) >= now - offlineAfterSeconds * 1000;
}

export class PresenceWatch {
  private readonly holder = randomUUID();
  private readonly periodic: PeriodicLook;

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly feed: OfficeFeed,
    private readonly settings: { offlineAfterSeconds: number; checkSeconds: number },
    /** A failed look (the database away) is reported here and retried at the next tick. */
    onError: (err: unknown) => void,
  ) {
    this.periodic = new PeriodicLook(settings.checkSeconds * 1000, () => this.look(), onError);
  }

  start(): void {
    this.periodic.start();
  }

  /** Stops the sweep; resolves once a look under way has ended (the store may close after). */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Marks silent and announces every station that went silent since the last look. Looks never overlap. */
  check(): Promise<void> {
    return this.periodic.check();
  }

  private async look(): Promise<void> {
    const now = this.clock();
    // Held a little longer than three looks: a process that stops looking hands over within seconds.
    const ttlMs = this.settings.checkSeconds * 3000 + 1000;
    if (!(await this.store.leases.acquire(LEASE, this.holder, now, ttlMs))) return;
    const before = new Date(now - this.settings.offlineAfterSeconds * 1000).toISOString();
    for (const stationId of await this.store.stations.markSilent(before))
      this.feed.emit({ type: 'station', stationId });
  }
}
