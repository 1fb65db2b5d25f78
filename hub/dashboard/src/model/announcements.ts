/** The office's notices (通知公告) to the stations' kiosks: written, scheduled, targeted, edited, deleted. */
import { floatingMs, zoneClock } from '@yizhan/shared';
import { z } from 'zod';
import { nextCursor } from '../../../src/page-query.ts';
import { type AnnouncementRecord, announcementRecord } from '../../../src/schedules/schema.ts';
import { command, get, request } from './api.ts';
import { actions, pagedList, pageParams } from './remote.ts';
import { choiceOf, targetOf } from './schedules.ts';
import { hubZone } from './session.ts';

const announcementList = z.object({ announcements: z.array(announcementRecord), next: nextCursor });

export const announcements = pagedList({
  read: (before, limit) => get(`/announcements?${pageParams(limit, before)}`, announcementList),
  itemsOf: (page: z.infer<typeof announcementList>) => page.announcements,
  keyOf: (a: AnnouncementRecord) => a.id,
});

/** A notice as the form holds it: wall-clock 'YYYY-MM-DDTHH:MM' in the hub's zone; no end is "until removed". */
export interface NoticeDraft {
  textZh: string;
  textEn: string;
  target: string;
  startsLocal: string;
  endsLocal: string;
}

/** An instant as the hub's zone reads it, for a datetime-local field. */
export const localOf = (iso: string): string => zoneClock(hubZone.value).localMinute(Date.parse(iso));
const instantOf = (local: string): string =>
  new Date(zoneClock(hubZone.value).toInstant(floatingMs(local))).toISOString();

export const emptyNotice = (): NoticeDraft => ({
  textZh: '',
  textEn: '',
  target: 'all',
  startsLocal: localOf(new Date().toISOString()),
  endsLocal: '',
});

export const noticeDraftOf = (a: AnnouncementRecord): NoticeDraft => ({
  textZh: a.text.zh,
  textEn: a.text.en,
  target: choiceOf(a.target),
  startsLocal: localOf(a.startsAt),
  endsLocal: a.endsAt ? localOf(a.endsAt) : '',
});

function inputOf(d: NoticeDraft) {
  const zh = d.textZh.trim();
  return {
    text: { zh, en: d.textEn.trim() || zh },
    target: targetOf(d.target),
    startsAt: instantOf(d.startsLocal),
    endsAt: d.endsLocal ? instantOf(d.endsLocal) : null,
  };
}

export const noticeActions = actions();
export const NEW_NOTICE = 'new';

export async function saveNotice(draft: NoticeDraft, editing?: AnnouncementRecord): Promise<boolean> {
  const body = inputOf(draft);
  const saved = await noticeActions.run(editing?.id ?? NEW_NOTICE, () =>
    editing
      ? request('PUT', `/announcements/${encodeURIComponent(editing.id)}`, announcementRecord, body)
      : request('POST', '/announcements', announcementRecord, body),
  );
  if (saved) void announcements.refresh();
  return saved;
}

export const deleteNotice = (id: string) =>
  noticeActions.run(`delete:${id}`, async () => {
    await command('DELETE', `/announcements/${encodeURIComponent(id)}`);
    announcements.remove(id);
  });

/** Where a notice is in its life at `now`: waiting to start, on the kiosks, or over. */
export function noticeState(a: AnnouncementRecord, now: number): 'scheduled' | 'showing' | 'ended' {
  if (Date.parse(a.startsAt) > now) return 'scheduled';
  return a.endsAt !== null && Date.parse(a.endsAt) <= now ? 'ended' : 'showing';
}
