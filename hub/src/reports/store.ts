import type { ScanRejection, WorkerCategory } from '@yizhan/shared';
import type { DayRange } from '../scope.ts';

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
  samples: number;
  average: number;
  peak: number;
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
}
