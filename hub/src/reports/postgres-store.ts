import { Params, rangeSql, scopeSql } from '../postgres/params.ts';
import type { Pg } from '../postgres/sql.ts';
import type { DayRange } from '../scope.ts';
import type { AreaFilter } from '../sync/store.ts';
import type { Granularity, ReportStore, StationFiguresRow } from './store.ts';

/** Rows of the kept area tables (`v`) in an area filter. */
function inArea(p: Params, a: AreaFilter): string {
  const clauses = ['TRUE'];
  if (a.province !== undefined) clauses.push(`v.province = ${p.add(a.province)}`);
  if (a.city !== undefined) clauses.push(`v.city = ${p.add(a.city)}`);
  if (a.district !== undefined) clauses.push(`v.district = ${p.add(a.district)}`);
  return clauses.join(' AND ');
}

// Counts come back as numbers (::int, ::float8), not the bigint text node-postgres gives for sums.
export function postgresReportStore({ sql }: Pg): ReportStore {
  const rows = async <R>(build: (p: Params) => string): Promise<R[]> => {
    const p = new Params();
    const text = build(p);
    return (await sql.query(text, p.values)).rows as R[];
  };
  const visits = {
    hour: (p: Params, r: DayRange) =>
      `SELECT v.hour AS period, v.station_id AS "stationId", v.category, v.method, v.count
       FROM hourly_visits v JOIN stations s ON s.id = v.station_id
       WHERE ${scopeSql(p, r)} AND v.hour BETWEEN ${p.add(r.from)} AND ${p.add(`${r.to}T99`)}
       ORDER BY period, "stationId", category, method`,
    day: (p: Params, r: DayRange) =>
      `SELECT v.day AS period, v.station_id AS "stationId", v.category, v.method, v.count
       FROM daily_visits v JOIN stations s ON s.id = v.station_id
       WHERE ${rangeSql(p, r, 'v.day')} ORDER BY period, "stationId", category, method`,
    month: (p: Params, r: DayRange) =>
      `SELECT substr(v.day, 1, 7) AS period, v.station_id AS "stationId", v.category, v.method, sum(v.count)::int AS count
       FROM daily_visits v JOIN stations s ON s.id = v.station_id
       WHERE ${rangeSql(p, r, 'v.day')} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  } satisfies Record<Granularity, unknown>;
  const memberPeriod = (p: Params, r: DayRange, granularity: 'day' | 'month' | 'range') => {
    if (granularity === 'day') return 'm.day';
    if (granularity === 'month') return 'substr(m.day, 1, 7)';
    return `${p.add(`${r.from}..${r.to}`)}::text`;
  };

  return {
    visits: (r, granularity) => rows((p) => visits[granularity](p, r)),
    districtVisits: (r) =>
      rows(
        (p) => `SELECT v.day, s.district, v.category, v.method, sum(v.count)::int AS count
          FROM daily_visits v JOIN stations s ON s.id = v.station_id
          WHERE ${rangeSql(p, r, 'v.day')} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      ),
    distinctMembers: (r, granularity) =>
      rows((p) => {
        const period = memberPeriod(p, r, granularity);
        return `SELECT ${period} AS period, m.station_id AS "stationId", count(DISTINCT m.member)::int AS members
          FROM member_days m JOIN stations s ON s.id = m.station_id
          WHERE ${rangeSql(p, r, 'm.day')} GROUP BY 1, 2 ORDER BY 1, 2`;
      }),
    applianceUse: (r) =>
      rows(
        (p) => `SELECT u.day, u.station_id AS "stationId", u.device, u.sessions, u.seconds
          FROM daily_appliance_use u JOIN stations s ON s.id = u.station_id
          WHERE ${rangeSql(p, r, 'u.day')} ORDER BY u.day, 2, u.device`,
      ),
    occupancy: (r) =>
      rows(
        (p) => `SELECT o.day, o.station_id AS "stationId", o.samples,
            CASE WHEN o.samples > 0 THEN round(o.inside_sum::numeric / o.samples, 2)::float8 END AS average, o.peak
          FROM daily_occupancy o JOIN stations s ON s.id = o.station_id
          WHERE ${rangeSql(p, r, 'o.day')} ORDER BY o.day, 2`,
      ),
    rejections: (r) =>
      rows(
        (p) => `SELECT r.day, r.station_id AS "stationId", r.reason, r.count
          FROM daily_rejections r JOIN stations s ON s.id = r.station_id
          WHERE ${rangeSql(p, r, 'r.day')} ORDER BY r.day, 2, r.reason`,
      ),
    attendance: (r) =>
      rows(
        (p) => `SELECT a.day, a.station_id AS "stationId", a.event_id AS "eventId", a.method, a.category, a.count
          FROM attendance_counts a JOIN stations s ON s.id = a.station_id
          WHERE ${rangeSql(p, r, 'a.day')} ORDER BY a.day, a.event_id, 2, a.method, a.category`,
      ),
    categoryMix: (area, from, to) =>
      rows(
        (p) => `SELECT v.category, sum(v.visits)::int AS visits FROM area_category_days v
          WHERE v.day BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${inArea(p, area)}
          GROUP BY v.category ORDER BY v.category`,
      ),
    districtMix: (area, from, to) =>
      rows(
        (p) => `SELECT v.district, v.category, sum(v.visits)::int AS visits FROM area_category_days v
          WHERE v.day BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${inArea(p, area)}
          GROUP BY v.district, v.category ORDER BY v.district, v.category`,
      ),
    areaVisits: async (area, from, to) =>
      (
        await rows<{ visits: number }>(
          (p) => `SELECT coalesce(sum(v.visits), 0)::int AS visits FROM area_days v
            WHERE v.day BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${inArea(p, area)}`,
        )
      )[0]!.visits,
    stationFigures: async (scope, from, to) =>
      (
        await rows<StationFiguresRow & { busiestHour: string | null }>((p) => {
          const f = p.add(from);
          const t = p.add(to);
          return `SELECT s.id AS "stationId",
              (SELECT coalesce(sum(v.count), 0)::int FROM daily_visits v
               WHERE v.station_id = s.id AND v.day BETWEEN ${f} AND ${t}) AS visits,
              (SELECT coalesce(sum(u.sessions), 0)::int FROM daily_appliance_use u
               WHERE u.station_id = s.id AND u.day BETWEEN ${f} AND ${t}) AS "applianceSessions",
              (SELECT coalesce(sum(u.seconds), 0)::float8 FROM daily_appliance_use u
               WHERE u.station_id = s.id AND u.day BETWEEN ${f} AND ${t}) AS "applianceSeconds",
              (SELECT substr(h.hour, 12, 2) FROM hourly_visits h
               WHERE h.station_id = s.id AND h.hour BETWEEN ${f} AND ${t}::text || 'T99'
               GROUP BY 1 ORDER BY sum(h.count) DESC, 1 LIMIT 1) AS "busiestHour"
            FROM stations s WHERE s.retired_at IS NULL AND ${scopeSql(p, scope)} ORDER BY s.id`;
        })
      ).map((r) => ({ ...r, busiestHour: r.busiestHour === null ? null : Number(r.busiestHour) })),
    stationMix: (r) =>
      rows(
        (p) => `SELECT v.station_id AS "stationId", v.category, sum(v.count)::int AS visits
          FROM daily_visits v JOIN stations s ON s.id = v.station_id
          WHERE ${rangeSql(p, r, 'v.day')} GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
    hourlyTotals: (area, from, to) =>
      rows(
        (p) => `SELECT v.hour, sum(v.visits)::int AS visits FROM area_hours v
          WHERE v.hour BETWEEN ${p.add(from)} AND ${p.add(to)} AND ${inArea(p, area)}
          GROUP BY v.hour ORDER BY v.hour`,
      ),
  };
}
