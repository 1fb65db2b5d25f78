/**
 * Notices stations going silent. Sync and bundle requests announce a station coming online at once;
 * going offline is the absence of requests, so something has to look. It runs only while at least one
 * dashboard is watching: `start()`/`stop()` are called per watcher, and the timer exists between the
 * first start and the last stop.
 */
import type { Clock } from '../clock.ts';
import type { HubStore } from '../store/hub-store.ts';
import type { OfficeFeed } from './office-feed.ts';

export function isOnline(lastSeenAt: string | null, now: number, offlineAfterSeconds: number): boolean {
  return lastSeenAt !== null && Date.parse(lastSeenAt) >= now - offlineAfterSeconds * 1000;
}

export class PresenceWatch {
  private timer: NodeJS.Timeout | undefined;
  private watchers = 0;
  private online = new Set<string>();

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly feed: OfficeFeed,
    private readonly settings: { offlineAfterSeconds: number; checkSeconds: number },
  ) {}

  start(): void {
    this.watchers += 1;
    if (this.timer) return;
    this.online = this.onlineNow();
    this.timer = setInterval(() => this.check(), this.settings.checkSeconds * 1000);
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

  /** Announces every station whose online state changed since the last look. */
  check(): void {
    const now = this.onlineNow();
    for (const id of now) if (!this.online.has(id)) this.feed.emit({ type: 'station', stationId: id });
    for (const id of this.online) if (!now.has(id)) this.feed.emit({ type: 'station', stationId: id });
    this.online = now;
  }

  private onlineNow(): Set<string> {
    const now = this.clock();
    const ids = new Set<string>();
    for (const s of this.store.stations.list({})) {
      if (isOnline(s.lastSeenAt, now, this.settings.offlineAfterSeconds)) ids.add(s.id);
    }
    return ids;
  }
}
