import type { Db } from '../sqlite/open-database.ts';
import { IN_RANGE, rangeParams, SCOPE } from '../sqlite/scope.ts';
import type {
  ApplianceUseRow,
  DistinctMembersRow,
  DistrictVisitRow,
  OccupancyRow,
  RejectionRow,
  ReportStore,
  VisitCountRow,
} from './store.ts';

export function sqliteReportStore(db: Db): ReportStore {
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
    `SELECT o.day, o.station_id AS stationId, o.samples, round(o.inside_sum * 1.0 / o.samples, 2) AS average, o.peak
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
  };
}
