/**
 * The feedback summary's arithmetic, the same on every engine: a case's share of its station's kept counts
 * (a write removes the share before it and adds the share after), and the summary of summed count rows.
 */
import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '@yizhan/shared';
import { roundedMean } from '../rounded-mean.ts';
import { FEEDBACK_STATUSES, type FeedbackCase, type FeedbackStatus, type FeedbackSummary } from './schema.ts';

/** Counts of one (category, status) summed over the stations in scope. */
export interface CaseCountRow {
  category: FeedbackCategory;
  status: FeedbackStatus;
  cases: number;
  resolved: number;
  resolveHours: number;
}

export function caseShare(c: FeedbackCase): { cases: number; resolved: number; resolveHours: number } {
  const resolved = c.resolvedAt !== null;
  return {
    cases: 1,
    resolved: Number(resolved),
    resolveHours: resolved ? (Date.parse(c.resolvedAt!) - Date.parse(c.createdAt)) / 3_600_000 : 0,
  };
}

export function summaryOf(rows: readonly CaseCountRow[]): FeedbackSummary {
  const byCategory = Object.fromEntries(FEEDBACK_CATEGORIES.map((c) => [c, 0])) as FeedbackSummary['byCategory'];
  const byStatus = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, 0])) as FeedbackSummary['byStatus'];
  let total = 0;
  let resolved = 0;
  let hours = 0;
  for (const row of rows) {
    const cases = Number(row.cases);
    byCategory[row.category] += cases;
    byStatus[row.status] += cases;
    total += cases;
    resolved += Number(row.resolved);
    hours += Number(row.resolveHours);
  }
  return { total, byCategory, byStatus, meanHoursToResolve: roundedMean(hours, resolved) };
}
