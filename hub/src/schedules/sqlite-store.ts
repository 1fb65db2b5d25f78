import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
import { type AnnouncementRow, type ScheduleRow, targetColumns, toAnnouncement, toSchedule } from './rows.ts';
import type { ScheduleStore } from './store.ts';

/** Items that reach one station: city-wide, its district's, its own. */
const REACHES_STATION = `target_kind = 'all' OR (target_kind = 'district' AND target = @district)
  OR (target_kind = 'station' AND target = @station)`;
/** Items that reach some station of @district (NULL: every item). */
const REACHES_DISTRICT = `@district IS NULL OR target_kind = 'all'
  OR (target_kind = 'district' AND target = @district)
  OR (target_kind = 'station' AND target IN (SELECT id FROM stations WHERE district = @district))`;

export function sqliteScheduleStore(db: Db): ScheduleStore {
  const schedules = db.prepare<Record<string, unknown>, ScheduleRow>(
    `SELECT * FROM schedules WHERE (${REACHES_DISTRICT})
       AND (@afterStart IS NULL OR (starts_local, id) > (@afterStart, @afterId))
     ORDER BY starts_local, id LIMIT @limit`,
  );
  const schedulesFor = db.prepare<Record<string, unknown>, ScheduleRow>(
    `SELECT * FROM schedules WHERE ${REACHES_STATION} ORDER BY starts_local, id`,
  );
  const schedule = db.prepare<[string], ScheduleRow>('SELECT * FROM schedules WHERE id = ?');
  const putSchedule = db.prepare(
    `INSERT INTO schedules (id, content, target_kind, target, starts_local, ends_local, rrule, created_at, updated_at)
     VALUES (@id, @content, @targetKind, @target, @startsLocal, @endsLocal, @rrule, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET content = excluded.content, target_kind = excluded.target_kind,
       target = excluded.target, starts_local = excluded.starts_local, ends_local = excluded.ends_local,
       rrule = excluded.rrule, updated_at = excluded.updated_at`,
  );
  const deleteSchedule = db.prepare('DELETE FROM schedules WHERE id = ?');
  const announcements = db.prepare<Record<string, unknown>, AnnouncementRow>(
    `SELECT * FROM announcements WHERE (${REACHES_DISTRICT})
       AND (@afterStart IS NULL OR (starts_at, id) > (@afterStart, @afterId))
     ORDER BY starts_at, id LIMIT @limit`,
  );
  const announcementsFor = db.prepare<Record<string, unknown>, AnnouncementRow>(
    `SELECT * FROM announcements WHERE (${REACHES_STATION}) AND (ends_at IS NULL OR ends_at > @now)
     ORDER BY starts_at, id`,
  );
  const putAnnouncement = db.prepare(
    `INSERT INTO announcements (id, text_zh, text_en, target_kind, target, starts_at, ends_at, created_at)
     VALUES (@id, @zh, @en, @targetKind, @target, @startsAt, @endsAt, @createdAt)
     ON CONFLICT (id) DO UPDATE SET text_zh = excluded.text_zh, text_en = excluded.text_en,
       target_kind = excluded.target_kind, target = excluded.target, starts_at = excluded.starts_at,
       ends_at = excluded.ends_at`,
  );
  const deleteAnnouncement = db.prepare('DELETE FROM announcements WHERE id = ?');
  const announcement = db.prepare<[string], AnnouncementRow>('SELECT * FROM announcements WHERE id = ?');

  const after = (list: string, before: string | undefined) => {
    const [afterStart, afterId] = before ? decodeCursor(list, before, ['string', 'string']) : [null, null];
    return { afterStart, afterId };
  };

  return {
    schedules: async (filter, page) => {
      const rows = schedules.all({
        district: filter.district ?? null,
        ...after('schedules', page.before),
        limit: page.limit + 1,
      });
      return pageOf('schedules', rows.map(toSchedule), page.limit, (s) => [s.startsLocal, s.id]);
    },
    schedulesFor: async (stationId, district) => schedulesFor.all({ station: stationId, district }).map(toSchedule),
    schedule: async (id) => {
      const row = schedule.get(id);
      return row && toSchedule(row);
    },
    putSchedule: async (r) => {
      putSchedule.run({
        id: r.id,
        content: JSON.stringify(r.content),
        ...targetColumns(r.target),
        startsLocal: r.startsLocal,
        endsLocal: r.endsLocal,
        rrule: r.rrule,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      });
    },
    deleteSchedule: async (id) => deleteSchedule.run(id).changes === 1,

    announcements: async (filter, page) => {
      const rows = announcements.all({
        district: filter.district ?? null,
        ...after('announcements', page.before),
        limit: page.limit + 1,
      });
      return pageOf('announcements', rows.map(toAnnouncement), page.limit, (a) => [a.startsAt, a.id]);
    },
    announcementsFor: async (stationId, district, now) =>
      announcementsFor.all({ station: stationId, district, now }).map(toAnnouncement),
    announcement: async (id) => {
      const row = announcement.get(id);
      return row && toAnnouncement(row);
    },
    putAnnouncement: async (r) => {
      putAnnouncement.run({
        id: r.id,
        zh: r.text.zh,
        en: r.text.en,
        ...targetColumns(r.target),
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        createdAt: r.createdAt,
      });
    },
    deleteAnnouncement: async (id) => deleteAnnouncement.run(id).changes === 1,
  };
}
