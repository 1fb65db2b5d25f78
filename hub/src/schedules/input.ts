/** What the office sends to make a schedule or an announcement, checked at the edge. */
import { floatingMs, label } from '@yizhan/shared';
import { z } from 'zod';
import { recurrenceProblem } from './occurrences.ts';
import { scheduleContent, target } from './schema.ts';

const localMinute = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'local time YYYY-MM-DDTHH:MM')
  .refine((t) => !Number.isNaN(floatingMs(t)) && new Date(floatingMs(t)).toISOString().startsWith(t), 'no such time');

export const scheduleInput = z
  .strictObject({
    ...scheduleContent.shape,
    target,
    /** Wall-clock times in the hub's zone. */
    startsLocal: localMinute,
    endsLocal: localMinute,
    /** RFC 5545 RRULE body without DTSTART, e.g. FREQ=WEEKLY;BYDAY=MO. Absent or null: a one-off. */
    rrule: z.string().max(200).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    const minutes = (floatingMs(s.endsLocal) - floatingMs(s.startsLocal)) / 60_000;
    if (!(minutes > 0 && minutes <= 7 * 24 * 60)) {
      ctx.addIssue({ code: 'custom', path: ['endsLocal'], message: 'must be after the start, within 7 days' });
    }
    const problem = s.rrule ? recurrenceProblem(s.rrule) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['rrule'], message: problem });
  });

/** Stored in UTC so times compare as text. */
const utcTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

export const announcementInput = z
  .strictObject({
    text: label,
    target,
    startsAt: utcTime,
    endsAt: utcTime.nullable(),
  })
  .refine((a) => a.endsAt === null || Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
