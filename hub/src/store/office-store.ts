/**
 * What the central office reads and edits beyond the sync ledger: live status, aggregates for
 * reports, alarms, feedback cases, schedules and announcements. Engine-neutral like hub-store.ts.
 * Days are local 'YYYY-MM-DD', hours local 'YYYY-MM-DDTHH' (the hub's zone); times ISO-8601 UTC.
 */
import type { FeedbackCategory, Label, ScanRejection, WorkerCategory } from '@yizhan/shared';

/** Which stations a read covers: a district viewer's reads always carry their district. */
export interface StationScope {
  district?: string;
  stationId?: string;
}

export interface DayRange extends StationScope {
  from: string;
  to: string;
}

export interface StationLiveRow {
  stationId: string;
  name: string;
  district: string;
  capacity: number;
  lastSeenAt: string | null;
  lastHeartbeatAt: string | null;
  inside: number | null;
  insideAt: string | null;
  openAlarms: number;
  /** Visits counted under `today` (0 when the station has none yet today). */
  todayVisits: number;
  yearVisits: number;
}

export interface DistrictTotalsRow {
  district: string;
  stations: number;
  online: number;
  inside: number;
  openAlarms: number;
  todayVisits: number;
  yearVisits: number;
}

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

export type AlarmStatus = 'open' | 'acknowledged' | 'cleared';

export interface AlarmRecord {
  stationId: string;
  alarmId: string;
  rule: string;
  device: string | null;
  detail: string;
  raisedAt: string;
  ackedAt: string | null;
  ackedBy: string | null;
  clearedAt: string | null;
}

export const FEEDBACK_STATUSES = ['new', 'assessing', 'assigned', 'follow-up', 'resolved'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface FeedbackCase {
  stationId: string;
  feedbackId: string;
  category: FeedbackCategory;
  place: string | null;
  createdAt: string;
  status: FeedbackStatus;
  assignee: string | null;
  reply: string | null;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface FeedbackChange {
  status?: FeedbackStatus;
  assignee?: string | null;
  reply?: string | null;
}

export type Target = { kind: 'all' } | { kind: 'district'; district: string } | { kind: 'station'; stationId: string };

export interface ScheduleContent {
  title: Label;
  description?: Label;
  bring?: Label;
  audience?: Label;
}

export interface ScheduleRecord {
  id: string;
  content: ScheduleContent;
  target: Target;
  /** Wall-clock 'YYYY-MM-DDTHH:MM' in the hub's zone. */
  startsLocal: string;
  endsLocal: string;
  /** RFC 5545 RRULE body (no DTSTART), e.g. 'FREQ=WEEKLY;BYDAY=MO'; null for a one-off. */
  rrule: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnouncementRecord {
  id: string;
  text: Label;
  target: Target;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
}

export interface OfficeStore {
  /** Live rows of the stations in scope (not retired); today/year pick which counters are current. */
  live(scope: StationScope, today: string, year: string): StationLiveRow[];
  /** One row per district: the overview's cheap path (one pass over station_live). */
  districtTotals(scope: StationScope, onlineSince: string, today: string, year: string): DistrictTotalsRow[];

  visits(range: DayRange, granularity: Granularity): VisitCountRow[];
  districtVisits(range: DayRange): DistrictVisitRow[];
  distinctMembers(range: DayRange, granularity: 'day' | 'month' | 'range'): DistinctMembersRow[];
  applianceUse(range: DayRange): ApplianceUseRow[];
  occupancy(range: DayRange): OccupancyRow[];
  rejections(range: DayRange): RejectionRow[];

  /** Alarms raised in [fromIso, toIso) (either bound optional), newest first. */
  alarms(scope: StationScope & { fromIso?: string; toIso?: string; status?: AlarmStatus }): AlarmRecord[];
  /** undefined when there is no such alarm; an acknowledged alarm keeps its first acknowledgement. */
  acknowledgeAlarm(stationId: string, alarmId: string, by: string, at: string): AlarmRecord | undefined;

  feedback(scope: StationScope & { fromIso?: string; toIso?: string; status?: FeedbackStatus }): FeedbackCase[];
  updateFeedback(stationId: string, feedbackId: string, change: FeedbackChange, at: string): FeedbackCase | undefined;
  /** Cases of the station with a reply, updated at or after `since`: the bundle's feedbackReplies. */
  feedbackReplies(stationId: string, since: string): FeedbackCase[];

  schedules(): ScheduleRecord[];
  schedulesFor(stationId: string, district: string): ScheduleRecord[];
  schedule(id: string): ScheduleRecord | undefined;
  putSchedule(record: ScheduleRecord): void;
  deleteSchedule(id: string): boolean;

  announcements(): AnnouncementRecord[];
  announcementsFor(stationId: string, district: string, now: string): AnnouncementRecord[];
  putAnnouncement(record: AnnouncementRecord): void;
  deleteAnnouncement(id: string): boolean;
}
