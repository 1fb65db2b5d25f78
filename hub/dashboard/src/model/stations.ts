import { signal } from '@preact/signals';
import { stationUsage } from '../../../src/reports/schema.ts';
import { stationSchedule } from '../../../src/schedules/schema.ts';
import { get } from './api.ts';
import { remote } from './remote.ts';
import { type DayRange, lastDays } from './session.ts';

/** The station page: which station, over which local days. */
export const shownStation = signal<string | null>(null);
/** Null until the page first opens, then kept from one station to the next. */
export const stationRange = signal<DayRange | null>(null);

const path = (rest: string) => `/stations/${encodeURIComponent(shownStation.value ?? '')}${rest}`;

export const usage = remote(() => {
  const range = stationRange.value!;
  return get(path(`/usage?from=${range.from}&to=${range.to}`), stationUsage);
});
/** What the station's bundle carries: its coming events. */
export const upcoming = remote(() => get(path('/schedule'), stationSchedule));

export function showStation(id: string): void {
  stationRange.value ??= lastDays(30);
  if (shownStation.value !== id) {
    usage.clear();
    upcoming.clear();
    shownStation.value = id;
  }
  void usage.load();
  void upcoming.load();
}

export function setStationRange(range: DayRange): void {
  stationRange.value = range;
  void usage.load();
}
