import type { OutboxEvent, ScanRejection, WorkerCategory } from '@yizhan/shared';
import type { AREA_LEVELS } from '../live/schema.ts';
import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';

/**
 * The local hour 'YYYY-MM-DDTHH' of an event's `at`; its first 10 characters are the local day it counts
 * under. Handed to the store, which knows nothing of time zones.
 */
export type LocalHour = (at: string) => string;

export interface SyncOutcome {
  ackSeq: number;
  /** How many events of the batch were new. */
  inserted: number;
}

export interface DailyVisitCount {
  category: WorkerCategory;
  method: 'code' | 'walk-in';
  count: number;
}

/** A station's live row: what the office's status list and overview show. */
export interface StationLiveRow {
  stationId: string;
  name: string;
  district: string;
  capacity: number;
  /** Where the station is (the registry's location, in the coordinate system of the office's map tiles). */
  lat: number | null;
  lng: number | null;
  lastSeenAt: string | null;
  lastHeartbeatAt: string | null;
  inside: number | null;
  insideAt: string | null;
  /** Alarms not cleared, acknowledged or not. */
  openAlarms: number;
  /** Of those, the ones nobody has acknowledged yet. */
  unacknowledgedAlarms: number;
  /** Visits counted under `today` (0 when the station has none yet today). */
  todayVisits: number;
  yearVisits: number;
}

/** What a district or area adds up to: the same counts at every level. */
export interface AreaCounts {
  stations: number;
  /** Online stations: heard from recently (districtTotals) or marked online and not yet swept silent (totals). */
  online: number;
  /** People inside the online stations. */
  inside: number;
  openAlarms: number;
  /** Visits of the local day `today` and year `year`. */
  todayVisits: number;
  yearVisits: number;
}

export interface DistrictTotalsRow extends AreaCounts {
  district: string;
  /** Open alarms nobody has acknowledged yet. */
  unacknowledgedAlarms: number;
}

/** The levels the office reads totals at: one row for the country, or one per province, city or district. */
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Which areas a totals read covers; a district viewer's always carries their district. */
export interface AreaFilter {
  province?: string;
  city?: string;
  district?: string;
}

/**
 * The totals of one area; the levels below the one asked for are null, as is a level a station lacks. Visits
 * count under the area the station was in when they were ingested.
 */
export interface AreaTotalsRow extends AreaCounts {
  province: string | null;
  city: string | null;
  district: string | null;
}

/**
 * The stations' outbox events as the hub holds them, with what they add up to: aggregates for reports,
 * live rows, alarms and feedback cases. Engine-neutral; every method is asynchronous.
 */
export interface SyncStore {
  /**
   * In one transaction: stores the events not already held (by station, epoch, seq), updates the
   * aggregates, alarms and cases for those only, advances the epoch's gap-free cursor and marks the station
   * seen. `localHour` is asked only for the new events that count under a local day or hour.
   */
  ingest(
    stationId: string,
    epoch: string,
    events: readonly OutboxEvent[],
    localHour: LocalHour,
    receivedAt: string,
  ): Promise<SyncOutcome>;
  /** The highest seq of the epoch held with no gap before it; 0 when none. */
  ackSeq(stationId: string, epoch: string): Promise<number>;
  dailyVisits(stationId: string, day: string): Promise<DailyVisitCount[]>;
  dailyRejections(stationId: string, day: string): Promise<{ reason: ScanRejection; count: number }[]>;
  /** Live rows of the stations in scope (not retired); today/year pick which counters are current. */
  live(scope: StationScope, today: string, year: string): Promise<StationLiveRow[]>;
  /** The same rows a page at a time, in district then id order: the status list of a large hub. */
  livePage(scope: StationScope, today: string, year: string, page: PageRequest): Promise<Page<StationLiveRow>>;
  /** One row per district: the overview's cheap path (one pass over the live rows). */
  districtTotals(scope: StationScope, onlineSince: string, today: string, year: string): Promise<DistrictTotalsRow[]>;
  /** A page of areas at `level` in province, city, district order, with their totals. */
  totals(
    level: AreaLevel,
    filter: AreaFilter,
    today: string,
    year: string,
    page: PageRequest,
  ): Promise<Page<AreaTotalsRow>>;
}
