import { addDays } from '@yizhan/shared';
import type { z } from 'zod';
import type { scheduleInput } from '../../../src/schedules/input.ts';
import { type ScheduleList, scheduleList, scheduleView, type Target } from '../../../src/schedules/schema.ts';
import { command, get, request } from './api.ts';
import { actions, pagedList, pageParams } from './remote.ts';
import { today } from './session.ts';

/** The office's events, one-off and repeating. */
export const schedules = pagedList({
  read: (before, limit) => get(`/schedules?${pageParams(limit, before)}`, scheduleList),
  itemsOf: (page: ScheduleList) => page.schedules,
  keyOf: (s) => s.id,
});

export const REPEATS = {
  once: null,
  weekly: 'FREQ=WEEKLY',
  monthly: 'FREQ=MONTHLY',
  yearly: 'FREQ=YEARLY',
} as const;
export type Repeat = keyof typeof REPEATS;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The weekday of a calendar date, as RRULE spells it. */
const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;

/** A new event as the form holds it: one day's times in the hub's zone, repeating from that day. */
export interface ScheduleDraft {
  titleZh: string;
  titleEn: string;
  /** `all`, `district:<name>` or `station:<id>`. */
  target: string;
  day: string;
  start: string;
  end: string;
  repeat: Repeat;
}

/** The form's first day: tomorrow in the hub's zone. */
export const firstDraftDay = () => addDays(today(), 1);

function targetOf(choice: string): Target {
  const value = choice.slice(choice.indexOf(':') + 1);
  if (choice.startsWith('district:')) return { kind: 'district', district: value };
  if (choice.startsWith('station:')) return { kind: 'station', stationId: value };
  return { kind: 'all' };
}

function inputOf(draft: ScheduleDraft): z.input<typeof scheduleInput> {
  const rule = REPEATS[draft.repeat];
  const zh = draft.titleZh.trim();
  return {
    title: { zh, en: draft.titleEn.trim() || zh },
    target: targetOf(draft.target),
    startsLocal: `${draft.day}T${draft.start}`,
    endsLocal: `${draft.day}T${draft.end}`,
    rrule: rule === 'FREQ=WEEKLY' ? `${rule};BYDAY=${weekdayOf(draft.day)}` : rule,
  };
}

/** Saving the new event (key `new`) and deletions by schedule id. */
export const scheduleActions = actions();
export const NEW_SCHEDULE = 'new';

/** True when the hub saved it; the list is then read again (its own failure shows on the list, not the form). */
export async function createSchedule(draft: ScheduleDraft): Promise<boolean> {
  const saved = await scheduleActions.run(NEW_SCHEDULE, () =>
    request('POST', '/schedules', scheduleView, inputOf(draft)),
  );
  if (saved) void schedules.refresh();
  return saved;
}

export const deleteSchedule = (id: string) =>
  scheduleActions.run(id, async () => {
    await command('DELETE', `/schedules/${encodeURIComponent(id)}`);
    schedules.remove(id);
  });
