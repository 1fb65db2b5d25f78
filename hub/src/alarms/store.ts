import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';
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
}
