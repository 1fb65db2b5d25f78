import type { Db } from '../../db/open-database.ts';
import type {
  AlarmRecord,
  AnnouncementRecord,
  ApplianceUseRow,
  DayRange,
  DistinctMembersRow,
  DistrictTotalsRow,
  DistrictVisitRow,
  FeedbackCase,
  OccupancyRow,
  OfficeStore,
  RejectionRow,
  ScheduleRecord,
  StationLiveRow,
  StationScope,
  Target,
  VisitCountRow,
} from '../office-store.ts';

// Every scoped read binds @district and @station; NULL means "any".
const SCOPE = '(@district IS NULL OR s.district = @district) AND (@station IS NULL OR s.id = @station)';
const IN_RANGE = `${SCOPE} AND day BETWEEN @from AND @to`;
const scope = (s: StationScope) => ({ district: s.district ?? null, station: s.stationId ?? null });
const range = (r: DayRange) => ({ ...scope(r), from: r.from, to: r.to });

const ALARM_COLUMNS = `a.station_id AS stationId, a.alarm_id AS alarmId, a.rule, a.device, a.detail,
  a.raised_at AS raisedAt, a.acked_at AS ackedAt, a.acked_by AS ackedBy, a.cleared_at AS clearedAt`;
const CASE_COLUMNS = `f.station_id AS stationId, f.feedback_id AS feedbackId, f.category, f.place,
  f.created_at AS createdAt, f.status, f.assignee, f.reply, f.updated_at AS updatedAt, f.resolved_at AS resolvedAt`;

interface TargetedRow {
  target_kind: Target['kind'];
  target: string | null;
}
interface ScheduleRow extends TargetedRow {
  id: string;
  content: string;
  starts_local: string;
  ends_local: string;
  rrule: string | null;
  created_at: string;
  updated_at: string;
}
interface AnnouncementRow extends TargetedRow {
  id: string;
  text_zh: string;
  text_en: string;
  starts_at: string;
  ends_at: string | null;
  created_at: string;
}

export function sqliteOfficeRecords(db: Db): OfficeStore {
  const live = db.prepare<Record<string, unknown>, StationLiveRow>(
    `SELECT s.id AS stationId, s.name, s.district, s.capacity, s.last_seen_at AS lastSeenAt,
       l.last_heartbeat_at AS lastHeartbeatAt, l.inside, l.inside_at AS insideAt,
       (SELECT count(*) FROM alarms a WHERE a.station_id = s.id AND a.cleared_at IS NULL) AS openAlarms,
       CASE WHEN l.today = @today THEN l.today_visits ELSE 0 END AS todayVisits,
       CASE WHEN l.year = @year THEN l.year_visits ELSE 0 END AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE} ORDER BY s.district, s.id`,
  );
  // People inside count only at stations that are online: a silent station's last count is stale.
  const districtTotals = db.prepare<Record<string, unknown>, DistrictTotalsRow>(
    `SELECT s.district, count(*) AS stations,
       coalesce(sum(s.last_seen_at >= @since), 0) AS online,
       coalesce(sum(CASE WHEN s.last_seen_at >= @since THEN l.inside END), 0) AS inside,
       coalesce(sum(o.n), 0) AS openAlarms,
       coalesce(sum(CASE WHEN l.today = @today THEN l.today_visits END), 0) AS todayVisits,
       coalesce(sum(CASE WHEN l.year = @year THEN l.year_visits END), 0) AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
       LEFT JOIN (SELECT station_id, count(*) AS n FROM alarms WHERE cleared_at IS NULL GROUP BY station_id) o
         ON o.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE} GROUP BY s.district ORDER BY s.district`,
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
    `SELECT o.day, o.station_id AS stationId, o.samples, round(o.inside_sum * 1.0 / o.samples, 2) AS average, o.peak
     FROM daily_occupancy o JOIN stations s ON s.id = o.station_id
     WHERE ${IN_RANGE} ORDER BY o.day, stationId`,
  );
  const rejections = db.prepare<Record<string, unknown>, RejectionRow>(
    `SELECT r.day, r.station_id AS stationId, r.reason, r.count
     FROM daily_rejections r JOIN stations s ON s.id = r.station_id
     WHERE ${IN_RANGE} ORDER BY r.day, stationId, r.reason`,
  );

  const alarms = db.prepare<Record<string, unknown>, AlarmRecord>(
    `SELECT ${ALARM_COLUMNS} FROM alarms a JOIN stations s ON s.id = a.station_id
     WHERE ${SCOPE} AND (@fromIso IS NULL OR a.raised_at >= @fromIso) AND (@toIso IS NULL OR a.raised_at < @toIso)
       AND (@status IS NULL
         OR (@status = 'open' AND a.cleared_at IS NULL AND a.acked_at IS NULL)
         OR (@status = 'acknowledged' AND a.cleared_at IS NULL AND a.acked_at IS NOT NULL)
         OR (@status = 'cleared' AND a.cleared_at IS NOT NULL))
     ORDER BY a.raised_at DESC, a.station_id, a.alarm_id`,
  );
  const alarm = db.prepare<[string, string], AlarmRecord>(
    `SELECT ${ALARM_COLUMNS} FROM alarms a WHERE a.station_id = ? AND a.alarm_id = ?`,
  );
  const acknowledge = db.prepare(
    'UPDATE alarms SET acked_at = ?, acked_by = ? WHERE station_id = ? AND alarm_id = ? AND acked_at IS NULL',
  );

  const cases = db.prepare<Record<string, unknown>, FeedbackCase>(
    `SELECT ${CASE_COLUMNS} FROM feedback_cases f JOIN stations s ON s.id = f.station_id
     WHERE ${SCOPE} AND (@fromIso IS NULL OR f.created_at >= @fromIso) AND (@toIso IS NULL OR f.created_at < @toIso)
       AND (@status IS NULL OR f.status = @status)
     ORDER BY f.created_at DESC, f.station_id, f.feedback_id`,
  );
  const oneCase = db.prepare<[string, string], FeedbackCase>(
    `SELECT ${CASE_COLUMNS} FROM feedback_cases f WHERE f.station_id = ? AND f.feedback_id = ?`,
  );
  // resolved_at is set when a case enters "resolved" and cleared when it is reopened.
  const changeCase = db.prepare(
    `UPDATE feedback_cases SET
       resolved_at = CASE WHEN @status = 'resolved' AND status <> 'resolved' THEN @at
                          WHEN @status IS NOT NULL AND @status <> 'resolved' THEN NULL ELSE resolved_at END,
       status = coalesce(@status, status),
       assignee = CASE WHEN @setAssignee THEN @assignee ELSE assignee END,
       reply = CASE WHEN @setReply THEN @reply ELSE reply END,
       updated_at = @at
     WHERE station_id = @s AND feedback_id = @id`,
  );
  const replies = db.prepare<[string, string], FeedbackCase>(
    `SELECT ${CASE_COLUMNS} FROM feedback_cases f WHERE f.station_id = ? AND f.reply IS NOT NULL AND f.updated_at >= ?
     ORDER BY f.updated_at, f.feedback_id`,
  );

  const TARGETED = `target_kind = 'all' OR (target_kind = 'district' AND target = @district)
    OR (target_kind = 'station' AND target = @station)`;
  const schedules = db.prepare<[], ScheduleRow>('SELECT * FROM schedules ORDER BY starts_local, id');
  const schedulesFor = db.prepare<Record<string, unknown>, ScheduleRow>(
    `SELECT * FROM schedules WHERE ${TARGETED} ORDER BY starts_local, id`,
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
  const announcements = db.prepare<[], AnnouncementRow>('SELECT * FROM announcements ORDER BY starts_at, id');
  const announcementsFor = db.prepare<Record<string, unknown>, AnnouncementRow>(
    `SELECT * FROM announcements WHERE (${TARGETED}) AND (ends_at IS NULL OR ends_at > @now) ORDER BY starts_at, id`,
  );
  const putAnnouncement = db.prepare(
    `INSERT INTO announcements (id, text_zh, text_en, target_kind, target, starts_at, ends_at, created_at)
     VALUES (@id, @zh, @en, @targetKind, @target, @startsAt, @endsAt, @createdAt)
     ON CONFLICT (id) DO UPDATE SET text_zh = excluded.text_zh, text_en = excluded.text_en,
       target_kind = excluded.target_kind, target = excluded.target, starts_at = excluded.starts_at,
       ends_at = excluded.ends_at`,
  );
  const deleteAnnouncement = db.prepare('DELETE FROM announcements WHERE id = ?');

  return {
    live: (s, today, year) => live.all({ ...scope(s), today, year }),
    districtTotals: (s, since, today, year) => districtTotals.all({ ...scope(s), since, today, year }),

    visits: (r, granularity) =>
      ({ hour: visitsByHour, day: visitsByDay, month: visitsByMonth })[granularity].all(range(r)),
    districtVisits: (r) => districtVisits.all(range(r)),
    distinctMembers: (r, granularity) => members[granularity].all(range(r)),
    applianceUse: (r) => applianceUse.all(range(r)),
    occupancy: (r) => occupancy.all(range(r)),
    rejections: (r) => rejections.all(range(r)),

    alarms: (q) =>
      alarms.all({ ...scope(q), fromIso: q.fromIso ?? null, toIso: q.toIso ?? null, status: q.status ?? null }),
    acknowledgeAlarm: (stationId, alarmId, by, at) => {
      acknowledge.run(at, by, stationId, alarmId);
      return alarm.get(stationId, alarmId);
    },

    feedback: (q) =>
      cases.all({ ...scope(q), fromIso: q.fromIso ?? null, toIso: q.toIso ?? null, status: q.status ?? null }),
    updateFeedback: (stationId, feedbackId, change, at) => {
      const changed = changeCase.run({
        s: stationId,
        id: feedbackId,
        at,
        status: change.status ?? null,
        setAssignee: Number('assignee' in change),
        assignee: change.assignee ?? null,
        setReply: Number('reply' in change),
        reply: change.reply ?? null,
      });
      return changed.changes === 1 ? oneCase.get(stationId, feedbackId) : undefined;
    },
    feedbackReplies: (stationId, since) => replies.all(stationId, since),

    schedules: () => schedules.all().map(toSchedule),
    schedulesFor: (stationId, district) => schedulesFor.all({ station: stationId, district }).map(toSchedule),
    schedule: (id) => {
      const row = schedule.get(id);
      return row && toSchedule(row);
    },
    putSchedule: (r) => {
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
    deleteSchedule: (id) => deleteSchedule.run(id).changes === 1,

    announcements: () => announcements.all().map(toAnnouncement),
    announcementsFor: (stationId, district, now) =>
      announcementsFor.all({ station: stationId, district, now }).map(toAnnouncement),
    putAnnouncement: (r) => {
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
    deleteAnnouncement: (id) => deleteAnnouncement.run(id).changes === 1,
  };
}

function targetColumns(target: Target): { targetKind: Target['kind']; target: string | null } {
  if (target.kind === 'district') return { targetKind: 'district', target: target.district };
  if (target.kind === 'station') return { targetKind: 'station', target: target.stationId };
  return { targetKind: 'all', target: null };
}

function toTarget(row: TargetedRow): Target {
  if (row.target_kind === 'district') return { kind: 'district', district: row.target! };
  if (row.target_kind === 'station') return { kind: 'station', stationId: row.target! };
  return { kind: 'all' };
}

function toSchedule(row: ScheduleRow): ScheduleRecord {
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

function toAnnouncement(row: AnnouncementRow): AnnouncementRecord {
  return {
    id: row.id,
    text: { zh: row.text_zh, en: row.text_en },
    target: toTarget(row),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
  };
}
