import { inDailyWindow } from '@yizhan/shared';

/** Whether the station is open at a moment, by its opening hours in its own time zone. */
export type OpeningHours = '24h' | { from: string; to: string };

export function openingHoursClock(hours: OpeningHours, timezone: string): (at: number) => boolean {
  if (hours === '24h') return () => true;
  // A period that crosses midnight (22:00-06:00) is open outside the closed gap.
  return (at) => inDailyWindow(at, timezone, hours);
}
