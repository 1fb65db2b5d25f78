/** How schedules and announcements are laid out in rows, the same on every engine. */
import type { AnnouncementRecord, ScheduleRecord, Target } from './schema.ts';

export interface TargetedRow {
  target_kind: Target['kind'];
  target: string | null;
}
export interface ScheduleRow extends TargetedRow {
  id: string;
  content: string;
  starts_local: string;
  ends_local: string;
  rrule: string | null;
  created_at: string;
  updated_at: string;
}
export interface AnnouncementRow extends TargetedRow {
  id: string;
  text_zh: string;
  text_en: string;
  starts_at: string;
  ends_at: string | null;
  created_at: string;
}

export function targetColumns(target: Target): { targetKind: Target['kind']; target: string | null } {
  if (target.kind === 'district') return { targetKind: 'district', target: target.district };
  if (target.kind === 'station') return { targetKind: 'station', target: target.stationId };
  return { targetKind: 'all', target: null };
}

export function toTarget(row: TargetedRow): Target {
  if (row.target_kind === 'district') return { kind: 'district', district: row.target! };
  if (row.target_kind === 'station') return { kind: 'station', stationId: row.target! };
  return { kind: 'all' };
}

export function toSchedule(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    content: JSON.parse(row.content) as ScheduleRecord['content'],
    target: toTarget(row),
    startsLocal: row.starts_local,
    endsLocal: row.ends_local,
    rrule: row.rrule,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAnnouncement(row: AnnouncementRow): AnnouncementRecord {
  return {
    id: row.id,
    text: { zh: row.text_zh, en: row.text_en },
    target: toTarget(row),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
  };
}
