import type { ZoneClock } from '@yizhan/shared';
import type { Clock } from './clock.ts';
import type { HubConfig } from './config.ts';
import type { OfficeFeed } from './live/office-feed.ts';
import type { HubStore } from './store.ts';

/** What the hub's routes are built with. */
export interface HubContext {
  store: HubStore;
  clock: Clock;
  /** The hub's zone: local days, hours and schedule wall-clock times. */
  timezone: string;
  zone: ZoneClock;
  feed: OfficeFeed;
  live: HubConfig['live'];
}
