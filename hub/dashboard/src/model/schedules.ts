import { addDays } from '@yizhan/shared';
import type { z } from 'zod';
import { reportView } from '../../../src/reports/schema.ts';
import type { scheduleInput } from '../../../src/schedules/input.ts';
import {
  type ScheduleList,
  type ScheduleView,
  scheduleList,
  scheduleView,
  type Target,
} from '../../../src/schedules/schema.ts';
import { command, get, request } from './api.ts';
import { actions, pagedList, pageParams, remote } from './remote.ts';
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
/** `custom`: a rule made elsewhere (the API), kept as it is while the form edits the rest. */
export type Repeat = keyof typeof REPEATS | 'custom';
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The weekday of a calendar date, as RRULE spells it. */
const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;

/** An event as the form holds it: one day's times in the hub's zone, repeating from that day. */
export interface ScheduleDraft {
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  bringZh: string;
  bringEn: string;
  /** `all`, `district:<name>` or `station:<id>`. */
  target: string;
  day: string;
  start: string;
  end: string;
  repeat: Repeat;
  /** The rule kept for `custom`. */
  rrule: string | null;
  /** Workers sign in at it (gift packs, a training class). */
  signIn: boolean;
}

/** The form's first day: tomorrow in the hub's zone. */
export const firstDraftDay = () => addDays(today(), 1);

export const emptyDraft = (): ScheduleDraft => ({
  titleZh: '',
  titleEn: '',
  descriptionZh: '',
  descriptionEn: '',
  bringZh: '',
  bringEn: '',
  target: 'all',
  day: firstDraftDay(),
  start: '09:00',
  end: '11:00',
  repeat: 'weekly',
  rrule: null,
  signIn: false,
});

export function targetOf(choice: string): Target {
  const value = choice.slice(choice.indexOf(':') + 1);
  if (choice.startsWith('district:')) return { kind: 'district', district: value };
  if (choice.startsWith('station:')) return { kind: 'station', stationId: value };
  return { kind: 'all' };
}

export function choiceOf(target: Target): string {
  if (target.kind === 'district') return `district:${target.district}`;
  if (target.kind === 'station') return `station:${target.stationId}`;
  return 'all';
}

/** The rule the form's repeat makes from the start day. */
function ruleOf(draft: ScheduleDraft): string | null {
  if (draft.repeat === 'custom') return draft.rrule;
  const rule = REPEATS[draft.repeat];
  return rule === 'FREQ=WEEKLY' ? `${rule};BYDAY=${weekdayOf(draft.day)}` : rule;
}

/** A schedule as the form edits it; a rule the presets do not make stays as it is. */
export function draftOf(s: ScheduleView): ScheduleDraft {
  const day = s.startsLocal.slice(0, 10);
  const base = { ...emptyDraft(), day, rrule: s.rrule };
  const preset = (Object.keys(REPEATS) as (keyof typeof REPEATS)[]).find(
    (r) => ruleOf({ ...base, repeat: r }) === s.rrule,
  );
  return {
    ...base,
    titleZh: s.title.zh,
    titleEn: s.title.en,
    descriptionZh: s.description?.zh ?? '',
    descriptionEn: s.description?.en ?? '',
    bringZh: s.bring?.zh ?? '',
    bringEn: s.bring?.en ?? '',
    target: choiceOf(s.target),
    start: s.startsLocal.slice(11, 16),
    end: s.endsLocal.slice(11, 16),
    repeat: preset ?? 'custom',
    signIn: s.signIn === true,
  };
}

/** Chinese and English of a text; English falls back to the Chinese, and no text is no field. */
const both = (zh: string, en: string) => {
  const z = zh.trim();
  return z ? { zh: z, en: en.trim() || z } : undefined;
};

function inputOf(draft: ScheduleDraft, audience: ScheduleView['audience']): z.input<typeof scheduleInput> {
  const description = both(draft.descriptionZh, draft.descriptionEn);
  const bring = both(draft.bringZh, draft.bringEn);
  return {
    title: both(draft.titleZh, draft.titleEn) ?? { zh: '', en: '' },
    ...(description ? { description } : {}),
    ...(bring ? { bring } : {}),
    ...(audience ? { audience } : {}),
    ...(draft.signIn ? { signIn: true } : {}),
    target: targetOf(draft.target),
    startsLocal: `${draft.day}T${draft.start}`,
    endsLocal: `${draft.day}T${draft.end}`,
    rrule: ruleOf(draft),
  };
}

/** Saving the new event (key `new`), edits and deletions by schedule id. */
export const scheduleActions = actions();
export const NEW_SCHEDULE = 'new';

/**
 * Saves a new event (no `editing`) or the edit of one; true when the hub saved it. The list is then read again
 * (its own failure shows on the list, not the form). What the form does not edit (the audience) is kept.
 */
export async function saveSchedule(draft: ScheduleDraft, editing?: ScheduleView): Promise<boolean> {
  const body = inputOf(draft, editing?.audience);
  const saved = await scheduleActions.run(editing?.id ?? NEW_SCHEDULE, () =>
    editing
      ? request('PUT', `/schedules/${encodeURIComponent(editing.id)}`, scheduleView, body)
      : request('POST', '/schedules', scheduleView, body),
  );
  if (saved) void schedules.refresh();
  return saved;
}

export const deleteSchedule = (id: string) =>
  scheduleActions.run(`delete:${id}`, async () => {
    await command('DELETE', `/schedules/${encodeURIComponent(id)}`);
    schedules.remove(id);
  });

/** Sign-ins at events over the last 30 days, worded by the hub (the titles of the occurrences). */
export const attendance = remote(() => {
  const to = today();
  return get(`/reports/attendance?from=${addDays(to, -29)}&to=${to}&lang=zh`, reportView);
});
