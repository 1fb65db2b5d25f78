/** The live status of stations as the dashboard shows it: one row per station, cheap to read. */
import { localDayOf } from '@yizhan/shared';
import type { HubContext } from '../hub-context.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { StationLiveRow } from '../sync/store.ts';
import { isOnline } from './presence-watch.ts';
import type { Overview, StationStatus } from './schema.ts';

export function stationStatusReader(deps: HubContext) {
  const localDay = localDayOf(deps.timezone);
  const offlineAfter = deps.live.offlineAfterSeconds;
  const statusOf =
    (now: number) =>
    (row: StationLiveRow): StationStatus => ({
      id: row.stationId,
      name: row.name,
      district: row.district,
      capacity: row.capacity,
      lat: row.lat,
      lng: row.lng,
      online: isOnline(row.lastSeenAt, now, offlineAfter),
      lastSeenAt: row.lastSeenAt,
      lastHeartbeatAt: row.lastHeartbeatAt,
      inside: row.inside,
      openAlarms: row.openAlarms,
      unacknowledgedAlarms: row.unacknowledgedAlarms,
      todayVisits: row.todayVisits,
      yearVisits: row.yearVisits,
    });
  return {
    async statuses(scope: StationScope): Promise<StationStatus[]> {
      const now = deps.clock();
      const today = localDay(now);
      return (await deps.store.sync.live(scope, today, today.slice(0, 4))).map(statusOf(now));
    },
    async statusPage(scope: StationScope, page: PageRequest): Promise<Page<StationStatus>> {
      const now = deps.clock();
      const today = localDay(now);
      const rows = await deps.store.sync.livePage(scope, today, today.slice(0, 4), page);
      return { items: rows.items.map(statusOf(now)), next: rows.next };
    },
    async overview(scope: StationScope): Promise<Overview> {
      const now = deps.clock();
      const today = localDay(now);
      const since = new Date(now - offlineAfter * 1000).toISOString();
      const districts = (await deps.store.sync.districtTotals(scope, since, today, today.slice(0, 4))).map((d) => ({
        ...d,
        offline: d.stations - d.online,
      }));
      const city = {
        stations: 0,
        online: 0,
        offline: 0,
        inside: 0,
        openAlarms: 0,
        unacknowledgedAlarms: 0,
        todayVisits: 0,
        yearVisits: 0,
      };
      for (const d of districts) for (const key of Object.keys(city) as (keyof typeof city)[]) city[key] += d[key];
      return { asOf: new Date(now).toISOString(), today, offlineAfterSeconds: offlineAfter, city, districts };
    },
  };
}
