/**
 * Notices stations going silent. Sync and bundle requests announce a station coming online at once;
 * going offline is the absence of requests, so something has to look. It runs only while at least one
 * dashboard is watching: `start()`/`stop()` are called per watcher, and the timer exists between the
 * first start and the last stop.
 */
import type { Clock } from '../clock.ts';
import type { HubStore } from '../store.ts';
import type { OfficeFeed } from './office-feed.ts';

export function isOnline(lastSeenAt: string | null, now: number, offlineAfterSeconds: number): boolean {
  return lastSeenAt !== null && Date.parse(lastSeenAt) >= now - offlineAfterSeconds * 1000;
}

export class PresenceWatch {
  private timer: NodeJS.Timeout | undefined;
  private watchers = 0;
  private online = new Set<string>();
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly feed: OfficeFeed,
    private readonly settings: { offlineAfterSeconds: number; checkSeconds: number },
    /** A failed look (the database away) is reported here and retried at the next tick. */
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.watchers += 1;
    if (this.timer) return;
    // The first look only learns who is online; changes are announced from the second look on.
    this.looking = this.onlineNow().then((ids) => {
      this.online = ids;
    });
    this.timer = setInterval(() => {
      void this.check();
    }, this.settings.checkSeconds * 1000);
  }

  stop(): void {
    this.watchers = Math.max(0, this.watchers - 1);
    if (this.watchers === 0) this.halt();
  }

  /** Stops whatever the watcher count (the hub is closing). */
  halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.watchers = 0;
  }

  /**
   * Announces every station whose online state changed since the last look. Looks never overlap: one
   * that is due while the last is still reading waits for it.
   */
  check(): Promise<void> {
    this.looking = this.looking.then(async () => {
      try {
        const now = await this.onlineNow();
        for (const id of now) if (!this.online.has(id)) this.feed.emit({ type: 'station', stationId: id });
        for (const id of this.online) if (!now.has(id)) this.feed.emit({ type: 'station', stationId: id });
        this.online = now;
      } catch (err) {
        this.onError(err);
      }
    });
    return this.looking;
  }

  private async onlineNow(): Promise<Set<string>> {
    const since = new Date(this.clock() - this.settings.offlineAfterSeconds * 1000).toISOString();
    return new Set(await this.store.stations.seenSince(since));
  }
}
