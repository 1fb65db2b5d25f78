/**
 * Expands the office's schedules into concrete occurrences for a station's bundle. Schedules are
 * kept as wall-clock times in the hub's zone ("every Monday 9:00–11:00 in Xuzhou"), so a recurrence
 * is expanded on wall-clock time (as floating UTC, which is how the rrule library works) and each
 * occurrence is then placed in the zone. A DST zone would keep 9:00 local across the change.
 */
import { floatingMs, type ScheduledEvent, type ZoneClock } from '@yizhan/shared';
import rrule from 'rrule';
import { recurrenceWords } from './recurrence-words.ts';
import type { ScheduleRecord } from './schema.ts';

const { RRule } = rrule;

/** More than a year of daily occurrences never reaches a 14-day bundle; this bounds a bad rule. */
const MAX_OCCURRENCES = 400;

const RULE_PART = /^(FREQ|INTERVAL|COUNT|UNTIL|BYDAY|BYMONTHDAY|BYMONTH|BYSETPOS|WKST)=[A-Z0-9,+-]+$/;

/** Why an RRULE body is not accepted, or undefined when it is. */
export function recurrenceProblem(rule: string): string | undefined {
  const parts = rule.split(';');
  if (!parts.every((p) => RULE_PART.test(p))) {
    return 'RRULE parts are FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, WKST';
  }
  if (!/^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)$/.test(parts.find((p) => p.startsWith('FREQ=')) ?? '')) {
    return 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY';
  }
  try {
    new RRule({ ...RRule.parseString(rule), dtstart: new Date(0) }).after(new Date(0), true);
  } catch (error) {
    return `not a valid RRULE: ${(error as Error).message}`;
  }
  return undefined;
}

/** Occurrences of the schedules that have not ended at `now` and start before `now + horizonMs`. */
export function occurrences(
  schedules: readonly ScheduleRecord[],
  zone: ZoneClock,
  now: number,
  horizonMs: number,
): ScheduledEvent[] {
  const out: ScheduledEvent[] = [];
  const nowFloating = zone.toFloating(now);
  for (const s of schedules) {
    const start = floatingMs(s.startsLocal);
    const duration = floatingMs(s.endsLocal) - start;
    const starts = s.rrule
      ? new RRule({ ...RRule.parseString(s.rrule), dtstart: new Date(start) })
          .between(new Date(nowFloating - duration), new Date(nowFloating + horizonMs), true)
          .slice(0, MAX_OCCURRENCES)
          .map((d) => d.getTime())
      : [start];
    for (const floating of starts) {
      const startsAt = zone.toInstant(floating);
      const endsAt = zone.toInstant(floating + duration);
      if (endsAt <= now || startsAt >= now + horizonMs) continue;
      out.push({
        id: s.rrule ? `${s.id}@${new Date(floating).toISOString().slice(0, 10)}` : s.id,
        ...s.content,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        recurring: s.rrule !== null,
        ...(s.rrule ? { repeats: recurrenceWords(s.rrule, s.startsLocal) } : {}),
      });
    }
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}
