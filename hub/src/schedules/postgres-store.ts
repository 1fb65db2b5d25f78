import { decodeCursor, pageOf } from '../paging.ts';
import { Params } from '../postgres/params.ts';
import { changedOne, one, type Pg } from '../postgres/sql.ts';
import { type AnnouncementRow, type ScheduleRow, targetColumns, toAnnouncement, toSchedule } from './rows.ts';
import type { ScheduleStore, TargetFilter } from './store.ts';

/** Items that reach one station ($1) of a district ($2): city-wide, the district's, its own. */
const REACHES_STATION = `(target_kind = 'all' OR (target_kind = 'district' AND target = $2)
  OR (target_kind = 'station' AND target = $1))`;

/** Items that reach some station of the filter's district (none given: every item). */
function reachesDistrict(p: Params, filter: TargetFilter): string {
  const d = p.add(filter.district ?? null);
  return `(${d}::text IS NULL OR target_kind = 'all' OR (target_kind = 'district' AND target = ${d})
    OR (target_kind = 'station' AND target IN (SELECT id FROM stations WHERE district = ${d})))`;
}

function after(p: Params, list: string, before: string | undefined, columns: string): string {
  if (!before) return 'TRUE';
  const [start, id] = decodeCursor(list, before, ['string', 'string']);
  return `(${columns}) > (${p.add(start)}, ${p.add(id)})`;
}

export function postgresScheduleStore({ sql }: Pg): ScheduleStore {
  return {
    schedules: async (filter, page) => {
      const p = new Params();
      const { rows } = await sql.query<ScheduleRow>(
        `SELECT * FROM schedules WHERE ${reachesDistrict(p, filter)} AND ${after(p, 'schedules', page.before, 'starts_local, id')}
         ORDER BY starts_local, id LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf('schedules', rows.map(toSchedule), page.limit, (s) => [s.startsLocal, s.id]);
    },
    schedulesFor: async (stationId, district) =>
      (
        await sql.query<ScheduleRow>(`SELECT * FROM schedules WHERE ${REACHES_STATION} ORDER BY starts_local, id`, [
          stationId,
          district,
        ])
      ).rows.map(toSchedule),
    schedule: async (id) => {
      const row = await one<ScheduleRow>(sql, 'SELECT * FROM schedules WHERE id = $1', [id]);
      return row && toSchedule(row);
    },
    putSchedule: async (r) => {
      const t = targetColumns(r.target);
      await sql.query(
        `INSERT INTO schedules (id, content, target_kind, target, starts_local, ends_local, rrule, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET content = excluded.content, target_kind = excluded.target_kind,
           target = excluded.target, starts_local = excluded.starts_local, ends_local = excluded.ends_local,
           rrule = excluded.rrule, updated_at = excluded.updated_at`,
        [
          r.id,
          JSON.stringify(r.content),
          t.targetKind,
          t.target,
          r.startsLocal,
          r.endsLocal,
          r.rrule,
          r.createdAt,
          r.updatedAt,
        ],
      );
    },
    deleteSchedule: (id) => changedOne(sql, 'DELETE FROM schedules WHERE id = $1', [id]),

    announcements: async (filter, page) => {
      const p = new Params();
      const { rows } = await sql.query<AnnouncementRow>(
        `SELECT * FROM announcements WHERE ${reachesDistrict(p, filter)} AND ${after(p, 'announcements', page.before, 'starts_at, id')}
         ORDER BY starts_at, id LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf('announcements', rows.map(toAnnouncement), page.limit, (a) => [a.startsAt, a.id]);
    },
    announcementsFor: async (stationId, district, now) =>
      (
        await sql.query<AnnouncementRow>(
          `SELECT * FROM announcements WHERE ${REACHES_STATION} AND (ends_at IS NULL OR ends_at > $3)
           ORDER BY starts_at, id`,
          [stationId, district, now],
        )
      ).rows.map(toAnnouncement),
    announcement: async (id) => {
      const row = await one<AnnouncementRow>(sql, 'SELECT * FROM announcements WHERE id = $1', [id]);
      return row && toAnnouncement(row);
    },
    putAnnouncement: async (r) => {
      const t = targetColumns(r.target);
      await sql.query(
        `INSERT INTO announcements (id, text_zh, text_en, target_kind, target, starts_at, ends_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET text_zh = excluded.text_zh, text_en = excluded.text_en,
           target_kind = excluded.target_kind, target = excluded.target, starts_at = excluded.starts_at,
           ends_at = excluded.ends_at`,
        [r.id, r.text.zh, r.text.en, t.targetKind, t.target, r.startsAt, r.endsAt, r.createdAt],
      );
    },
    deleteAnnouncement: (id) => changedOne(sql, 'DELETE FROM announcements WHERE id = $1', [id]),
  };
}
