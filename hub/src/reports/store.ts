import type { ScanRejection, WorkerCategory } from '@yizhan/shared';
import type { DayRange, StationScope } from '../scope.ts';
import type { AreaFilter } from '../sync/store.ts';

export type Granularity = 'hour' | 'day' | 'month';

export interface VisitCountRow {
  period: string;
  stationId: string;
  category: WorkerCategory;
  method: 'code' | 'walk-in';
  count: number;
}

export interface DistrictVisitRow {
  day: string;
  district: string;
  category: WorkerCategory;
  method: 'code' | 'walk-in';
  count: number;
}

export interface DistinctMembersRow {
  period: string;
  stationId: string;
  members: number;
}

export interface ApplianceUseRow {
  day: string;
  stationId: string;
  device: string;
  sessions: number;
  seconds: number;
}

export interface OccupancyRow {
  day: string;
  stationId: string;
  /** Timer samples; 0 when only changes of the count were seen that day. */
  samples: number;
  /** Mean of the timer samples; null without any. */
  average: number | null;
  peak: number;
}

export interface StationFiguresRow {
  stationId: string;
  visits: number;
  applianceSessions: number;
  applianceSeconds: number;
  /** The local hour of day (0–23) with the most visits; null without visits. Ties go to the earlier hour. */
  busiestHour: number | null;
}

export interface AttendanceRow {
  day: string;
  stationId: string;
  eventId: string;
  method: 'code' | 'tap';
  category: WorkerCategory;
  count: number;
}

export interface RejectionRow {
  day: string;
  stationId: string;
  reason: ScanRejection;
  count: number;
}

/**
 * The usage aggregates the sync ingest keeps, read for a range of local days (at most a year and a day, so
 * every read is bounded). Engine-neutral; every method is asynchronous.
 */
export interface ReportStore {
  visits(range: DayRange, granularity: Granularity): Promise<VisitCountRow[]>;
  districtVisits(range: DayRange): Promise<DistrictVisitRow[]>;
  distinctMembers(range: DayRange, granularity: 'day' | 'month' | 'range'): Promise<DistinctMembersRow[]>;
  applianceUse(range: DayRange): Promise<ApplianceUseRow[]>;
  occupancy(range: DayRange): Promise<OccupancyRow[]>;
  rejections(range: DayRange): Promise<RejectionRow[]>;
  /** Sign-ins at events per local day, station, occurrence, method and category. */
  attendance(range: DayRange): Promise<AttendanceRow[]>;
  /** Visits by worker category over local days [from, to] in the areas, from the kept area counts. */
  categoryMix(area: AreaFilter, from: string, to: string): Promise<{ category: WorkerCategory; visits: number }[]>;
  /** The same per district, for the mix of each. */
  districtMix(
    area: AreaFilter,
    from: string,
    to: string,
  ): Promise<{ district: string; category: WorkerCategory; visits: number }[]>;
  /** All visits over local days [from, to] in the areas, from the kept area counts. */
  areaVisits(area: AreaFilter, from: string, to: string): Promise<number>;
  /** Each station (not retired) in scope over local days [from, to]: what the rankings compare, in id order. */
  stationFigures(scope: StationScope, from: string, to: string): Promise<StationFiguresRow[]>;
  /** Each station's visits by worker category over [from, to], stations with visits only. */
  stationMix(range: DayRange): Promise<{ stationId: string; category: WorkerCategory; visits: number }[]>;
  /** Visits per local hour ('YYYY-MM-DDTHH') over [fromHour, toHour] in the areas, hours with visits only. */
  hourlyTotals(area: AreaFilter, fromHour: string, toHour: string): Promise<{ hour: string; visits: number }[]>;
}
