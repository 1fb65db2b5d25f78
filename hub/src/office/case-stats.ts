/** Summaries of alarms and feedback cases: counts by state and how long they took. */
import { FEEDBACK_CATEGORIES } from '@yizhan/shared';
import { z } from 'zod';
import { type AlarmRecord, FEEDBACK_STATUSES, type FeedbackCase } from '../store/office-store.ts';

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

export const feedbackSummary = z.object({
  total: z.number().int(),
  byCategory: z.record(z.enum(FEEDBACK_CATEGORIES), z.number().int()),
  byStatus: z.record(z.enum(FEEDBACK_STATUSES), z.number().int()),
  /** Mean hours from a kiosk report to "resolved", over resolved cases. */
  meanHoursToResolve: z.number().nullable(),
});
export type FeedbackSummary = z.infer<typeof feedbackSummary>;

export function alarmStatus(a: AlarmRecord): 'open' | 'acknowledged' | 'cleared' {
  if (a.clearedAt !== null) return 'cleared';
  return a.ackedAt !== null ? 'acknowledged' : 'open';
}

const mean = (values: number[]) =>
  values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
const span = (from: string, to: string, unitMs: number) => (Date.parse(to) - Date.parse(from)) / unitMs;

export function summarizeAlarms(alarms: readonly AlarmRecord[]): AlarmSummary {
  const counts = { open: 0, acknowledged: 0, cleared: 0 };
  for (const a of alarms) counts[alarmStatus(a)] += 1;
  return {
    ...counts,
    meanMinutesToAck: mean(alarms.filter((a) => a.ackedAt).map((a) => span(a.raisedAt, a.ackedAt!, 60_000))),
    meanMinutesToClear: mean(alarms.filter((a) => a.clearedAt).map((a) => span(a.raisedAt, a.clearedAt!, 60_000))),
  };
}

export function summarizeFeedback(cases: readonly FeedbackCase[]): FeedbackSummary {
  const byCategory = Object.fromEntries(FEEDBACK_CATEGORIES.map((c) => [c, 0])) as FeedbackSummary['byCategory'];
  const byStatus = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, 0])) as FeedbackSummary['byStatus'];
  for (const c of cases) {
    byCategory[c.category] += 1;
    byStatus[c.status] += 1;
  }
  return {
    total: cases.length,
    byCategory,
    byStatus,
    meanHoursToResolve: mean(cases.filter((c) => c.resolvedAt).map((c) => span(c.createdAt, c.resolvedAt!, 3_600_000))),
  };
}
