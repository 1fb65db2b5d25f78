import { Params, rangeSql, scopeSql } from '../postgres/params.ts';
import type { Pg } from '../postgres/sql.ts';
import type { DayRange } from '../scope.ts';
import type { Granularity, ReportStore } from './store.ts';

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
            round(o.inside_sum::numeric / o.samples, 2)::float8 AS average, o.peak
          FROM daily_occupancy o JOIN stations s ON s.id = o.station_id
          WHERE ${rangeSql(p, r, 'o.day')} ORDER BY o.day, 2`,
      ),
    rejections: (r) =>
      rows(
        (p) => `SELECT r.day, r.station_id AS "stationId", r.reason, r.count
          FROM daily_rejections r JOIN stations s ON s.id = r.station_id
          WHERE ${rangeSql(p, r, 'r.day')} ORDER BY r.day, 2, r.reason`,
      ),
  };
}
