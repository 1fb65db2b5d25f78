import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { AlarmChange, AlarmRaise } from './counts.ts';
import type { AlarmRecord, AlarmStatus, AlarmSummary } from './schema.ts';

export interface AlarmQuery extends StationScope {
  /** Raised in [fromIso, toIso); either bound optional. */
  fromIso?: string;
  toIso?: string;
  status?: AlarmStatus;
}

/**
 * Alarms as the stations reported them (written by sync) and as the office acknowledged them.
 * Engine-neutral; every method is asynchronous.
 */
export interface AlarmStore {
  /** A page of alarms, newest raised first. */
  list(query: AlarmQuery, page: PageRequest): Promise<Page<AlarmRecord>>;
  /** Counts by status and mean times over the alarms in scope and range (the status filter does not apply). */
  summary(query: Omit<AlarmQuery, 'status'>): Promise<AlarmSummary>;
  get(stationId: string, alarmId: string): Promise<AlarmRecord | undefined>;
  /** undefined when there is no such alarm; an acknowledged alarm keeps its first acknowledgement. */
  acknowledge(stationId: string, alarmId: string, by: string, at: string): Promise<AlarmRecord | undefined>;

  // The hub's own follow-up (alarm-watch.ts): alarms it raises itself, escalation and notices.

  /** Raises or clears an alarm the hub itself judged (a silent station), keeping the counts as sync does. */
  raise(change: AlarmRaise): Promise<AlarmRecord | undefined>;
  clear(change: AlarmChange): Promise<AlarmRecord | undefined>;
  /**
   * Stations (not retired) last heard before `before`, or never heard and registered before it, that have no
   * open `station-silent` alarm.
   */
  silentStations(before: string): Promise<{ stationId: string; lastSeenAt: string | null }[]>;
  /** Open `station-silent` alarms whose station has been heard from since the alarm was raised. */
  silentHeardAgain(): Promise<{ stationId: string; alarmId: string }[]>;
  /** Marks escalated at `at` the alarms open, unacknowledged and raised before `before`; returns them. */
  escalate(before: string, at: string): Promise<AlarmRecord[]>;
  /** Queues a 'raised' notice (due at once) for every alarm raised since `since` that has none. */
  queueRaisedNotices(since: string, at: string): Promise<void>;
  /** Queues an 'escalated' notice for each alarm, due at once. */
  queueEscalatedNotices(alarms: readonly { stationId: string; alarmId: string }[], at: string): Promise<void>;
  /** Notices not sent, due at `now` and tried fewer than `maxAttempts` times, oldest first, with their alarms. */
  dueNotices(now: string, maxAttempts: number, limit: number): Promise<AlarmNotice[]>;
  /** The notice went out (`sentAt`), or failed and is tried again at `retryAt`. */
  noticeSent(notice: AlarmNoticeKey, sentAt: string): Promise<void>;
  noticeFailed(notice: AlarmNoticeKey, retryAt: string, error: string): Promise<void>;
}

export interface AlarmNoticeKey {
  stationId: string;
  alarmId: string;
  kind: 'raised' | 'escalated';
}

export interface AlarmNotice extends AlarmNoticeKey {
  attempts: number;
  alarm: AlarmRecord;
}
