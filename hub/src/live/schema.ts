/** The office's view of the fleet: status rows, totals and the live socket's messages. Browser-safe (zod only). */
import { z } from 'zod';
import { nextCursor } from '../page-query.ts';

export const stationStatus = z.object({
  id: z.string(),
  name: z.string(),
  district: z.string(),
  capacity: z.number().int(),
  /** The registry's location; null when it has none (it is then not on the map). */
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  lastHeartbeatAt: z.string().nullable(),
  /** People inside at the last occupancy sample; null before the first one. */
  inside: z.number().int().nullable(),
  /** Alarms not cleared, acknowledged or not. */
  openAlarms: z.number().int(),
  /** Of those, the ones nobody has acknowledged: what 未处理 counts. */
  unacknowledgedAlarms: z.number().int(),
  todayVisits: z.number().int(),
  yearVisits: z.number().int(),
});
export type StationStatus = z.infer<typeof stationStatus>;

export const totals = z.object({
  stations: z.number().int(),
  online: z.number().int(),
  offline: z.number().int(),
  /** People inside the stations that are online. */
  inside: z.number().int(),
  /** Alarms not cleared, acknowledged or not. */
  openAlarms: z.number().int(),
  todayVisits: z.number().int(),
  /** Person-times served this calendar year (hub zone). */
  yearVisits: z.number().int(),
});

/** One area's totals (`GET /api/v1/totals`): the levels below the one asked for are null. */
export const areaTotals = totals.extend({
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
});

export const AREA_LEVELS = ['country', 'province', 'city', 'district'] as const;

export const totalsPage = z.object({
  asOf: z.string(),
  today: z.iso.date(),
  level: z.enum(AREA_LEVELS),
  areas: z.array(areaTotals),
  next: nextCursor,
});

/** The overview's totals: beside the open alarms, those nobody has acknowledged (未处理). */
const overviewTotals = totals.extend({ unacknowledgedAlarms: z.number().int() });

export const overview = z.object({
  asOf: z.string(),
  today: z.iso.date(),
  offlineAfterSeconds: z.number().int(),
  city: overviewTotals,
  districts: z.array(overviewTotals.extend({ district: z.string() })),
});
export type Overview = z.infer<typeof overview>;

/** `GET /api/v1/status`: a page of the stations the operator may see, in district then id order. */
export const statusList = z.object({ stations: z.array(stationStatus), next: nextCursor });
export type StatusList = z.infer<typeof statusList>;

/** Messages of the dashboard's live socket (`GET /api/v1/live`): a snapshot, then coalesced updates. */
export const officeLiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), overview, stations: z.array(stationStatus) }),
  z.object({
    type: z.literal('update'),
    overview,
    /** Status rows that changed (only stations the operator may see). */
    stations: z.array(stationStatus),
    /** Lists to refetch. */
    changed: z.array(z.enum(['alarms', 'feedback', 'schedules'])),
  }),
]);
export type OfficeLiveMessage = z.infer<typeof officeLiveMessage>;
