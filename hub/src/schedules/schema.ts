/**
 * Schedules (one-off and recurring events) and announcements, pushed to stations in their bundles: the
 * one definition of their records. Browser-safe; the input checks that need rrule are in input.ts.
 */
import { label, scheduledEvent, stationId } from '@yizhan/shared';
import { z } from 'zod';
import { nextCursor } from '../page-query.ts';

/** Who an item reaches: every station, a district's, or one station. */
export const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('district'), district: z.string().trim().min(1).max(100) }),
  z.strictObject({ kind: z.literal('station'), stationId }),
]);
export type Target = z.infer<typeof target>;

export const scheduleContent = z.object({
  title: label,
  description: label.optional(),
  bring: label.optional(),
  audience: label.optional(),
  /** Workers sign in at it (member code at the door, or a tap on the kiosk): the office counts attendance. */
  signIn: z.boolean().optional(),
});
export type ScheduleContent = z.infer<typeof scheduleContent>;

export const scheduleRecord = z.object({
  id: z.string(),
  content: scheduleContent,
  target,
  /** Wall-clock 'YYYY-MM-DDTHH:MM' in the hub's zone. */
  startsLocal: z.string(),
  endsLocal: z.string(),
  /** RFC 5545 RRULE body (no DTSTART), e.g. 'FREQ=WEEKLY;BYDAY=MO'; null for a one-off. */
  rrule: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ScheduleRecord = z.infer<typeof scheduleRecord>;

/** A schedule as the API shows it: its content spread beside the rest. */
export const scheduleView = scheduleContent.extend(scheduleRecord.omit({ content: true }).shape);
export type ScheduleView = z.infer<typeof scheduleView>;

/** `GET /api/v1/schedules`: a page; `next` is the cursor of the following one (see paging.ts), when there is one. */
export const scheduleList = z.object({ schedules: z.array(scheduleView), next: nextCursor });
export type ScheduleList = z.infer<typeof scheduleList>;

/** `GET /api/v1/stations/:id/schedule`: the occurrences a station's bundle carries, soonest first. */
export const stationSchedule = z.object({ events: z.array(scheduledEvent) });
export type StationSchedule = z.infer<typeof stationSchedule>;

export const announcementRecord = z.object({
  id: z.string(),
  text: label,
  target,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AnnouncementRecord = z.infer<typeof announcementRecord>;

export function scheduleViewOf({ content, ...rest }: ScheduleRecord): ScheduleView {
  return { ...content, ...rest };
}
