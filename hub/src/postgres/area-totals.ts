/**
 * The kept area totals on PostgreSQL (migration 002): each change moves them by what it changed, in the
 * same transaction or statement as the change, so the totals of the country, a province or a city are read
 * from a few thousand area rows. A registry change recounts the areas it touches from the stations. Every
 * transaction touches `area_totals` last, after the tables it changes, so they all meet rows in one order.
 */
import type { Sql } from './sql.ts';

/** The station's area as the kept totals key it. */
export const AREA_OF = `coalesce(s.province, '') AS province, coalesce(s.city, '') AS city, s.district`;

export interface Area {
  province: string;
  city: string;
  district: string;
}

export async function areaOfStation(sql: Sql, stationId: string): Promise<(Area & { retired: boolean }) | undefined> {
  const { rows } = await sql.query<Area & { retired: boolean }>(
    `SELECT ${AREA_OF}, s.retired_at IS NOT NULL AS retired FROM stations s WHERE s.id = $1`,
    [stationId],
  );
  return rows[0];
}

/** Adds to the area's kept counts (a negative number takes away). */
export async function bumpArea(
  sql: Sql,
  area: Area,
  delta: { online?: number; inside?: number; openAlarms?: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO area_totals AS a (province, city, district, online, inside, open_alarms) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (province, city, district) DO UPDATE SET online = a.online + excluded.online,
       inside = a.inside + excluded.inside, open_alarms = a.open_alarms + excluded.open_alarms`,
    [area.province, area.city, area.district, delta.online ?? 0, delta.inside ?? 0, delta.openAlarms ?? 0],
  );
}

/** The station was heard from: its sighting, and, if it was not marked online, its mark and its area's counts. */
export async function markSeen(sql: Sql, stationId: string, at: string): Promise<void> {
  await sql.query(
    `WITH s AS (UPDATE stations SET last_seen_at = $2 WHERE id = $1 RETURNING id, province, city, district, retired_at),
     l AS (INSERT INTO station_live (station_id, online) SELECT id, TRUE FROM s
           ON CONFLICT (station_id) DO UPDATE SET online = TRUE WHERE station_live.online = FALSE
           RETURNING station_id, coalesce(inside, 0) AS inside)
     INSERT INTO area_totals AS a (province, city, district, online, inside)
       SELECT ${AREA_OF}, 1, l.inside FROM s JOIN l ON l.station_id = s.id WHERE s.retired_at IS NULL
     ON CONFLICT (province, city, district) DO UPDATE SET online = a.online + 1, inside = a.inside + excluded.inside`,
    [stationId, at],
  );
}

/**
 * Recounts the area's stations, online marks, people inside and open alarms from the station rows. The
 * area's row is locked first and counted in a later statement, whose snapshot then holds every change that
 * had the row before: a count taken before the lock would overwrite a change committed while it waited.
 */
export async function recountArea(sql: Sql, area: Area): Promise<void> {
  const key = [area.province, area.city, area.district];
  await sql.query(
    `INSERT INTO area_totals (province, city, district) VALUES ($1, $2, $3) ON CONFLICT (province, city, district) DO NOTHING`,
    key,
  );
  await sql.query('SELECT 1 FROM area_totals WHERE province = $1 AND city = $2 AND district = $3 FOR UPDATE', key);
  await sql.query(
    `UPDATE area_totals a SET stations = c.stations, online = c.online, inside = c.inside, open_alarms = c.open_alarms
     FROM (SELECT count(s.id)::int AS stations, (count(*) FILTER (WHERE l.online))::int AS online,
             coalesce(sum(l.inside) FILTER (WHERE l.online), 0)::int AS inside,
             coalesce(sum(k.open + k.acknowledged), 0)::int AS open_alarms
           FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
             LEFT JOIN alarm_counts k ON k.station_id = s.id
           WHERE s.retired_at IS NULL AND coalesce(s.province, '') = $1 AND coalesce(s.city, '') = $2
             AND s.district = $3) c
     WHERE a.province = $1 AND a.city = $2 AND a.district = $3`,
    key,
  );
}

export const sameArea = (a: Area, b: Area) =>
  a.province === b.province && a.city === b.city && a.district === b.district;
