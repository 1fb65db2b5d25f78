import type { WorkerCategory } from '@yizhan/shared';
import type { Db } from '../sqlite/open-database.ts';
import { IN_RANGE, rangeParams, SCOPE, scopeParams } from '../sqlite/scope.ts';
import type { AreaFilter } from '../sync/store.ts';
import type {
  ApplianceUseRow,
  AttendanceRow,
  DistinctMembersRow,
  DistrictVisitRow,
  OccupancyRow,
  RejectionRow,
  ReportStore,
  StationFiguresRow,
  VisitCountRow,
} from './store.ts';

/** Rows of the kept area tables (`v`) in an area filter; NULL is "any". */
const IN_AREA = `(@province IS NULL OR v.province = @province) AND (@city IS NULL OR v.city = @city)
  AND (@district IS NULL OR v.district = @district)`;
const areaParams = (a: AreaFilter) => ({
  province: a.province ?? null,
  city: a.city ?? null,
  district: a.district ?? null,
});

export function sqliteReportStore(db: Db): ReportStore {
  const categoryMix = db.prepare<Record<string, unknown>, { category: WorkerCategory; visits: number }>(
    `SELECT v.category, sum(v.visits) AS visits FROM area_category_days v
     WHERE v.day BETWEEN @from AND @to AND ${IN_AREA} GROUP BY v.category ORDER BY v.category`,
  );
  const districtMix = db.prepare<
    Record<string, unknown>,
    { district: string; category: WorkerCategory; visits: number }
  >(
    `SELECT v.district, v.category, sum(v.visits) AS visits FROM area_category_days v
     WHERE v.day BETWEEN @from AND @to AND ${IN_AREA} GROUP BY v.district, v.category ORDER BY v.district, v.category`,
  );
  const areaVisits = db
    .prepare<Record<string, unknown>, number>(
      `SELECT coalesce(sum(v.visits), 0) FROM area_days v WHERE v.day BETWEEN @from AND @to AND ${IN_AREA}`,
    )
    .pluck();
  const stationFigures = db.prepare<Record<string, unknown>, StationFiguresRow & { busiestHour: string | null }>(
    `SELECT s.id AS stationId,
       (SELECT coalesce(sum(v.count), 0) FROM daily_visits v
        WHERE v.station_id = s.id AND v.day BETWEEN @from AND @to) AS visits,
       (SELECT coalesce(sum(u.sessions), 0) FROM daily_appliance_use u
        WHERE u.station_id = s.id AND u.day BETWEEN @from AND @to) AS applianceSessions,
       (SELECT coalesce(sum(u.seconds), 0) FROM daily_appliance_use u
        WHERE u.station_id = s.id AND u.day BETWEEN @from AND @to) AS applianceSeconds,
       (SELECT substr(h.hour, 12, 2) FROM hourly_visits h
        WHERE h.station_id = s.id AND h.hour BETWEEN @from AND @to || 'T99'
        GROUP BY substr(h.hour, 12, 2) ORDER BY sum(h.count) DESC, 1 LIMIT 1) AS busiestHour
     FROM stations s WHERE s.retired_at IS NULL AND ${SCOPE} ORDER BY s.id`,
  );
  const stationMix = db.prepare<
    Record<string, unknown>,
    { stationId: string; category: WorkerCategory; visits: number }
  >(
    `SELECT v.station_id AS stationId, v.category, sum(v.count) AS visits
     FROM daily_visits v JOIN stations s ON s.id = v.station_id
     WHERE ${IN_RANGE} GROUP BY v.station_id, v.category ORDER BY stationId, v.category`,
  );
  const attendance = db.prepare<Record<string, unknown>, AttendanceRow>(
    `SELECT a.day, a.station_id AS stationId, a.event_id AS eventId, a.method, a.category, a.count
     FROM attendance_counts a JOIN stations s ON s.id = a.station_id
     WHERE ${IN_RANGE} ORDER BY a.day, a.event_id, stationId, a.method, a.category`,
  );
  const hourlyTotals = db.prepare<Record<string, unknown>, { hour: string; visits: number }>(
    `SELECT v.hour, sum(v.visits) AS visits FROM area_hours v
     WHERE v.hour BETWEEN @from AND @to AND ${IN_AREA} GROUP BY v.hour ORDER BY v.hour`,
  );
  const visitsByHour = db.prepare<Record<string, unknown>, VisitCountRow>(
    `SELECT v.hour AS period, v.station_id AS stationId, v.category, v.method, v.count
     FROM hourly_visits v JOIN stations s ON s.id = v.station_id
     WHERE ${SCOPE} AND v.hour BETWEEN @from AND @to || 'T99' ORDER BY period, stationId, category, method`,
  );
  const visitsByDay = db.prepare<Record<string, unknown>, VisitCountRow>(
    `SELECT v.day AS period, v.station_id AS stationId, v.category, v.method, v.count
     FROM daily_visits v JOIN stations s ON s.id = v.station_id
     WHERE ${IN_RANGE} ORDER BY period, stationId, category, method`,
  );
  const visitsByMonth = db.prepare<Record<string, unknown>, VisitCountRow>(
    `SELECT substr(v.day, 1, 7) AS period, v.station_id AS stationId, v.category, v.method, sum(v.count) AS count
     FROM daily_visits v JOIN stations s ON s.id = v.station_id
     WHERE ${IN_RANGE} GROUP BY period, stationId, category, method ORDER BY period, stationId, category, method`,
  );
  const districtVisits = db.prepare<Record<string, unknown>, DistrictVisitRow>(
    `SELECT v.day, s.district, v.category, v.method, sum(v.count) AS count
     FROM daily_visits v JOIN stations s ON s.id = v.station_id
     WHERE ${IN_RANGE} GROUP BY v.day, s.district, v.category, v.method ORDER BY v.day, s.district, v.category, v.method`,
  );
  const membersBy = (period: string) =>
    db.prepare<Record<string, unknown>, DistinctMembersRow>(
      `SELECT ${period} AS period, m.station_id AS stationId, count(DISTINCT m.member) AS members
       FROM member_days m JOIN stations s ON s.id = m.station_id
       WHERE ${IN_RANGE} GROUP BY period, stationId ORDER BY period, stationId`,
    );
  const members = {
    day: membersBy('m.day'),
    month: membersBy('substr(m.day, 1, 7)'),
    range: membersBy(`@from || '..' || @to`),
  };
  const applianceUse = db.prepare<Record<string, unknown>, ApplianceUseRow>(
    `SELECT u.day, u.station_id AS stationId, u.device, u.sessions, u.seconds
     FROM daily_appliance_use u JOIN stations s ON s.id = u.station_id
     WHERE ${IN_RANGE} ORDER BY u.day, stationId, u.device`,
  );
  const occupancy = db.prepare<Record<string, unknown>, OccupancyRow>(
    `SELECT o.day, o.station_id AS stationId, o.samples, CASE WHEN o.samples > 0 THEN round(o.inside_sum * 1.0 / o.samples, 2) END AS average, o.peak
     FROM daily_occupancy o JOIN stations s ON s.id = o.station_id
     WHERE ${IN_RANGE} ORDER BY o.day, stationId`,
  );
  const rejections = db.prepare<Record<string, unknown>, RejectionRow>(
    `SELECT r.day, r.station_id AS stationId, r.reason, r.count
     FROM daily_rejections r JOIN stations s ON s.id = r.station_id
     WHERE ${IN_RANGE} ORDER BY r.day, stationId, r.reason`,
  );

  return {
    visits: async (r, granularity) =>
      ({ hour: visitsByHour, day: visitsByDay, month: visitsByMonth })[granularity].all(rangeParams(r)),
    districtVisits: async (r) => districtVisits.all(rangeParams(r)),
    distinctMembers: async (r, granularity) => members[granularity].all(rangeParams(r)),
    applianceUse: async (r) => applianceUse.all(rangeParams(r)),
    occupancy: async (r) => occupancy.all(rangeParams(r)),
    rejections: async (r) => rejections.all(rangeParams(r)),
    attendance: async (r) => attendance.all(rangeParams(r)),
    categoryMix: async (area, from, to) => categoryMix.all({ ...areaParams(area), from, to }),
    hourlyTotals: async (area, from, to) => hourlyTotals.all({ ...areaParams(area), from, to }),
    districtMix: async (area, from, to) => districtMix.all({ ...areaParams(area), from, to }),
    areaVisits: async (area, from, to) => areaVisits.get({ ...areaParams(area), from, to })!,
    stationFigures: async (scope, from, to) =>
      stationFigures
        .all({ ...scopeParams(scope), from, to })
        .map((r) => ({ ...r, busiestHour: r.busiestHour === null ? null : Number(r.busiestHour) })),
    stationMix: async (range) => stationMix.all(rangeParams(range)),
  };
}
