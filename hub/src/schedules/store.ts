import type { Page, PageRequest } from '../paging.ts';
import type { AnnouncementRecord, ScheduleRecord } from './schema.ts';

/** Which items a list shows: a district viewer sees what reaches their district. */
export interface TargetFilter {
  /** Items for every station, this district, or one of its stations; absent: all items. */
  district?: string;
}

/** Schedules and announcements. Engine-neutral; every method is asynchronous. */
export interface ScheduleStore {
  /** A page of schedules in order of their first start. */
  schedules(filter: TargetFilter, page: PageRequest): Promise<Page<ScheduleRecord>>;
  /** Every schedule that reaches the station (city-wide, its district's, its own): the bundle's events. */
  schedulesFor(stationId: string, district: string): Promise<ScheduleRecord[]>;
  schedule(id: string): Promise<ScheduleRecord | undefined>;
  putSchedule(record: ScheduleRecord): Promise<void>;
  deleteSchedule(id: string): Promise<boolean>;

  /** A page of announcements in order of their start. */
  announcements(filter: TargetFilter, page: PageRequest): Promise<Page<AnnouncementRecord>>;
  /** Announcements that reach the station and have not ended at `now`. */
  announcementsFor(stationId: string, district: string, now: string): Promise<AnnouncementRecord[]>;
  announcement(id: string): Promise<AnnouncementRecord | undefined>;
  putAnnouncement(record: AnnouncementRecord): Promise<void>;
  deleteAnnouncement(id: string): Promise<boolean>;
}
