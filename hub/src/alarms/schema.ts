/** Alarms raised at stations and worked by the office: the one definition of their records. Browser-safe. */
import { alarmFacts, label } from '@yizhan/shared';
import { z } from 'zod';
import { nextCursor } from '../page-query.ts';

export const ALARM_STATUSES = ['open', 'acknowledged', 'cleared'] as const;
export const alarmStatus = z.enum(ALARM_STATUSES);
export type AlarmStatus = z.infer<typeof alarmStatus>;

export const alarmRecord = z.object({
  stationId: z.string(),
  alarmId: z.string(),
  rule: z.string(),
  device: z.string().nullable(),
  detail: z.string(),
  /** What the station measured, as JSON text (shared alarmFacts); null when it sent none. */
  facts: z.string().nullable(),
  raisedAt: z.string(),
  ackedAt: z.string().nullable(),
  ackedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
  /** When the hub escalated it, left unacknowledged for `alarms.escalateMinutes`; null until then. */
  escalatedAt: z.string().nullable(),
});
export type AlarmRecord = z.infer<typeof alarmRecord>;

/**
 * An alarm as the API shows it: with its station's name, its status spelled out, its facts read and its
 * device's name from the station's own labels (null when the station has not named it).
 */
export const alarmView = alarmRecord.extend({
  stationName: z.string(),
  status: alarmStatus,
  facts: alarmFacts.nullable(),
  deviceLabel: label.nullable(),
});
export type AlarmView = z.infer<typeof alarmView>;

const minutes = z.number().nullable();

export const alarmSummary = z.object({
  open: z.number().int(),
  acknowledged: z.number().int(),
  cleared: z.number().int(),
  /** Mean minutes from raised to acknowledged, over acknowledged alarms; null when there are none. */
  meanMinutesToAck: minutes,
  /** Mean minutes from raised to cleared, over cleared alarms. */
  meanMinutesToClear: minutes,
});
export type AlarmSummary = z.infer<typeof alarmSummary>;

/**
 * `GET /api/v1/alarms`: a page, newest first, with the summary of every alarm the query matches. `next` is the
 * cursor of the following page (see paging.ts), present only when there is one.
 */
export const alarmList = z.object({ alarms: z.array(alarmView), next: nextCursor, summary: alarmSummary });
export type AlarmList = z.infer<typeof alarmList>;

export function statusOf(a: AlarmRecord): AlarmStatus {
  if (a.clearedAt !== null) return 'cleared';
  return a.ackedAt !== null ? 'acknowledged' : 'open';
}
