import type { Clock } from '../clock.ts';
import type { HubConfig } from '../config.ts';
import type { OfficeFeed } from '../live/office-feed.ts';
import type { ZoneClock } from '../schedules/occurrences.ts';
import type { HubStore } from '../store/hub-store.ts';

/** What the office's routes are built with. */
export interface OfficeDeps {
  store: HubStore;
  clock: Clock;
  /** The hub's zone: local days, hours and schedule wall-clock times. */
  timezone: string;
  zone: ZoneClock;
  feed: OfficeFeed;
  live: HubConfig['live'];
}
