/**
 * Trends and comparisons for the office: this week, month and year so far against the same span of the one before,
 * each district's occupation mix, and the stations ranked (visits per seat, busiest hour, appliance use per visit).
 * Read from the kept area counts and bounded ranges of the per-station ones. Browser-safe schema, node reader.
 */
import { addDays, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { z } from 'zod';

const count = z.number().int();
const byCategory = z.record(z.enum(WORKER_CATEGORIES), count);
const span = z.object({ from: z.iso.date(), to: z.iso.date(), visits: count });

export const trends = z.object({
  today: z.iso.date(),
  periods: z.array(
    z.object({
      period: z.enum(['week', 'month', 'year']),
      current: span,
      previous: span,
      /** (current − previous) ÷ previous; null when the previous span had none. */
      change: z.number().nullable(),
    }),
  ),
  /** Each district this month so far. */
  districts: z.array(z.object({ district: z.string(), visits: count, byCategory })),
  /** The ranking's span: the last 30 days. */
  ranked: z.object({ from: z.iso.date(), to: z.iso.date() }),
  stations: z.array(
    z.object({
      stationId: z.string(),
      name: z.string(),
      district: z.string(),
      capacity: count,
      visits: count,
      visitsPerSeat: z.number(),
      /** 0–23, the hour of day with the most visits; null without visits. */
      busiestHour: z.number().int().nullable(),
      /** Minutes of appliance use per visit; null without visits. */
      applianceMinutesPerVisit: z.number().nullable(),
      byCategory,
    }),
  ),
});
export type Trends = z.infer<typeof trends>;

export const zeroCategories = () =>
  Object.fromEntries(WORKER_CATEGORIES.map((c) => [c, 0])) as Record<WorkerCategory, number>;

const lastDayOfMonth = (month: string) => addDays(`${addMonth(month, 1)}-01`, -1);
function addMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
/** The same day of another month, or that month's last day when it has fewer. */
const sameDayOf = (month: string, day: string) => {
  const last = lastDayOfMonth(month);
  const d = `${month}-${day.slice(8, 10)}`;
  return d > last ? last : d;
};

/** This week (from Monday), month and year so far, and the same spans one period back. */
export function periodSpans(
  today: string,
): { period: 'week' | 'month' | 'year'; current: [string, string]; previous: [string, string] }[] {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  const month = today.slice(0, 7);
  const lastMonth = addMonth(month, -1);
  const year = Number(today.slice(0, 4));
  const lastYearSame = `${year - 1}${today.slice(4)}`;
  const lastYearTo = lastYearSame.endsWith('02-29') ? `${year - 1}-02-28` : lastYearSame;
  return [
    { period: 'week', current: [monday, today], previous: [addDays(monday, -7), addDays(today, -7)] },
    { period: 'month', current: [`${month}-01`, today], previous: [`${lastMonth}-01`, sameDayOf(lastMonth, today)] },
    { period: 'year', current: [`${year}-01-01`, today], previous: [`${year - 1}-01-01`, lastYearTo] },
  ];
}

export { addMonth, lastDayOfMonth };
