import type { Announcement, ScheduledEvent } from '@yizhan/shared';
import { addDays, zonedParts } from '@yizhan/shared';

export interface EventDay {
  /** `YYYY-MM-DD` in the station's zone. */
  day: string;
  /** A sample instant inside that day, for formatting its date. */
  at: Date;
  events: ScheduledEvent[];
}

export interface EventWeek {
  /** Still to come or running today. */
  today: ScheduledEvent[];
  /** The next six days, only those with events. */
  week: EventDay[];
}

/** Today's and this week's events in the station's zone; what has ended is gone. Events arrive sorted by start. */
export function eventWeek(events: readonly ScheduledEvent[], now: Date, timeZone: string): EventWeek {
  const today = zonedParts(now, timeZone).day;
  const lastDay = addDays(today, 6);
  const byDay = new Map<string, EventDay>();
  const todays: ScheduledEvent[] = [];
  for (const event of events) {
    if (Date.parse(event.endsAt) <= now.getTime()) continue;
    const start = new Date(event.startsAt);
    // An event that began before today and is still running counts as today's.
    const day = start < now ? today : zonedParts(start, timeZone).day;
    if (day === today) {
      todays.push(event);
      continue;
    }
    if (day > lastDay) continue;
    let entry = byDay.get(day);
    if (!entry) {
      entry = { day, at: start, events: [] };
      byDay.set(day, entry);
    }
    entry.events.push(event);
  }
  return { today: todays, week: [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1)) };
}

/** Announcements that have started and not ended. */
export const currentAnnouncements = (announcements: readonly Announcement[], now: Date): Announcement[] =>
  announcements.filter(
    (a) => Date.parse(a.startsAt) <= now.getTime() && (a.endsAt === null || Date.parse(a.endsAt) > now.getTime()),
  );
