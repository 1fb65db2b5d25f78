import type { OutboxEvent, ScanRejection } from '@yizhan/shared';
import { sqliteAlarmWriter } from '../alarms/sqlite-store.ts';
import { sqliteFeedbackWriter } from '../feedback/sqlite-store.ts';
import { AREA_LEVELS } from '../live/schema.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
import { AREA_FILTER, areaFilterParams, SCOPE, scopeParams } from '../sqlite/scope.ts';
import { levelKey, totalsRow } from './areas.ts';
import { BatchTotals, categoryCounts, recordCase, visitCounts } from './batch-totals.ts';
import type {
  AreaCounts,
  AreaLevel,
  DailyVisitCount,
  DistrictTotalsRow,
  LocalHour,
  StationLiveRow,
  SyncStore,
} from './store.ts';

/** A totals row as the query names its key columns. */
type AreaKeyed = { p: string; c: string; d: string } & AreaCounts;

export function sqliteSyncStore(db: Db): SyncStore {
  const alarms = sqliteAlarmWriter(db);
  const feedback = sqliteFeedbackWriter(db);
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (station_id, epoch, seq, type, at, body, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const countVisits = db.prepare(
    `INSERT INTO daily_visits (station_id, day, category, method, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (station_id, day, category, method) DO UPDATE SET count = count + excluded.count`,
  );
  const countHour = db.prepare(
    `INSERT INTO hourly_visits (station_id, hour, category, method, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (station_id, hour, category, method) DO UPDATE SET count = count + excluded.count`,
  );
  const countRejections = db.prepare(
    `INSERT INTO daily_rejections (station_id, day, reason, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (station_id, day, reason) DO UPDATE SET count = count + excluded.count`,
  );
  // A day's members in one statement (a JSON array): a batch has hundreds, one run() each costs more than the row.
  const noteMembers = db.prepare(
    'INSERT OR IGNORE INTO member_days (station_id, day, member) SELECT ?, ?, value FROM json_each(?)',
  );
  // today/year follow the newest local day/year seen; a late event of an older one is in the history only.
  // (SQLite evaluates every SET expression against the old row.)
  const countLive = db.prepare(
    `INSERT INTO station_live (station_id, today, today_visits, year, year_visits) VALUES (@s, @day, @n, @year, @n)
     ON CONFLICT (station_id) DO UPDATE SET
       today_visits = CASE WHEN today IS NULL OR @day > today THEN @n WHEN @day = today THEN today_visits + @n
                      ELSE today_visits END,
       today = CASE WHEN today IS NULL OR @day > today THEN @day ELSE today END,
       year_visits = CASE WHEN year IS NULL OR @year > year THEN @n WHEN @year = year THEN year_visits + @n
                     ELSE year_visits END,
       year = CASE WHEN year IS NULL OR @year > year THEN @year ELSE year END`,
  );
  // The sync's own contact: its time, and the station's online mark. It is stations/sqlite-store.ts's
  // sqliteSeenMark folded into the row the sync writes anyway: one statement fewer on the hottest path.
  const noteSync = db.prepare(
    `INSERT INTO station_live (station_id, last_sync_at, online) VALUES (?, ?, 1)
     ON CONFLICT (station_id) DO UPDATE SET last_sync_at = excluded.last_sync_at, online = 1`,
  );
  const noteHeartbeat = db.prepare(
    `INSERT INTO station_live (station_id, last_heartbeat_at) VALUES (?, ?)
     ON CONFLICT (station_id) DO UPDATE SET
       last_heartbeat_at = max(coalesce(last_heartbeat_at, ''), excluded.last_heartbeat_at)`,
  );
  const noteInside = db.prepare(
    `INSERT INTO station_live (station_id, inside, inside_at) VALUES (?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET inside = excluded.inside, inside_at = excluded.inside_at
     WHERE inside_at IS NULL OR excluded.inside_at >= inside_at`,
  );
  const countAttendance = db.prepare(
    `INSERT INTO attendance_counts (station_id, day, event_id, method, category, count)
     VALUES (@s, @day, @eventId, @method, @category, @count)
     ON CONFLICT (station_id, day, event_id, method, category) DO UPDATE SET count = count + excluded.count`,
  );
  const describeDevices = db.prepare(
    `INSERT INTO station_devices (station_id, described_at, devices) VALUES (?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET described_at = excluded.described_at, devices = excluded.devices
     WHERE excluded.described_at >= described_at`,
  );
  const countOccupancy = db.prepare(
    `INSERT INTO daily_occupancy (station_id, day, samples, inside_sum, peak) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (station_id, day) DO UPDATE SET samples = samples + excluded.samples,
       inside_sum = inside_sum + excluded.inside_sum, peak = max(peak, excluded.peak)`,
  );
  const countAppliance = db.prepare(
    `INSERT INTO daily_appliance_use (station_id, day, device, sessions, seconds) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (station_id, day, device) DO UPDATE SET sessions = sessions + excluded.sessions,
       seconds = seconds + excluded.seconds`,
  );
  const getCursor = db.prepare<[string, string], { ack_seq: number }>(
    'SELECT ack_seq FROM sync_cursors WHERE station_id = ? AND epoch = ?',
  );
  const holds = db.prepare<[string, string, number], { seq: number }>(
    'SELECT seq FROM events WHERE station_id = ? AND epoch = ? AND seq = ?',
  );
  // The first held seq past the cursor whose successor is missing: the end of the gap-free run.
  const runEnd = db
    .prepare<{ s: string; e: string; from: number }, number>(
      `SELECT seq FROM events a WHERE a.station_id = @s AND a.epoch = @e AND a.seq > @from
         AND NOT EXISTS (SELECT 1 FROM events b WHERE b.station_id = @s AND b.epoch = @e AND b.seq = a.seq + 1)
       ORDER BY a.seq LIMIT 1`,
    )
    .pluck();
  const putCursor = db.prepare(
    `INSERT INTO sync_cursors (station_id, epoch, ack_seq, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (station_id, epoch) DO UPDATE SET ack_seq = excluded.ack_seq, updated_at = excluded.updated_at`,
  );
  const markSeen = db.prepare('UPDATE stations SET last_seen_at = ? WHERE id = ?');
  const visits = db.prepare<[string, string], DailyVisitCount>(
    'SELECT category, method, count FROM daily_visits WHERE station_id = ? AND day = ? ORDER BY category, method',
  );
  const rejections = db.prepare<[string, string], { reason: ScanRejection; count: number }>(
    'SELECT reason, count FROM daily_rejections WHERE station_id = ? AND day = ? ORDER BY reason',
  );

  const live = db.prepare<Record<string, unknown>, StationLiveRow>(
    `SELECT s.id AS stationId, s.name, s.district, s.capacity, s.lat, s.lng, s.last_seen_at AS lastSeenAt,
       l.last_heartbeat_at AS lastHeartbeatAt, l.inside, l.inside_at AS insideAt,
       coalesce(c.open + c.acknowledged, 0) AS openAlarms, coalesce(c.open, 0) AS unacknowledgedAlarms,
       CASE WHEN l.today = @today THEN l.today_visits ELSE 0 END AS todayVisits,
       CASE WHEN l.year = @year THEN l.year_visits ELSE 0 END AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id LEFT JOIN alarm_counts c ON c.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE}
       AND (@afterDistrict IS NULL OR (s.district, s.id) > (@afterDistrict, @afterId))
     ORDER BY s.district, s.id LIMIT @limit`,
  );
  // People inside count only at stations that are online: a silent station's last count is stale.
  // Open alarms (not cleared, acknowledged or not) come from the kept alarm_counts.
  const districtTotals = db.prepare<Record<string, unknown>, DistrictTotalsRow>(
    `SELECT s.district, count(*) AS stations,
       coalesce(sum(s.last_seen_at >= @since), 0) AS online,
       coalesce(sum(CASE WHEN s.last_seen_at >= @since THEN l.inside END), 0) AS inside,
       coalesce(sum(c.open + c.acknowledged), 0) AS openAlarms,
       coalesce(sum(c.open), 0) AS unacknowledgedAlarms,
       coalesce(sum(CASE WHEN l.today = @today THEN l.today_visits END), 0) AS todayVisits,
       coalesce(sum(CASE WHEN l.year = @year THEN l.year_visits END), 0) AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id LEFT JOIN alarm_counts c ON c.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE} GROUP BY s.district ORDER BY s.district`,
  );

  const areaOf = db.prepare<[string], { province: string; city: string; district: string }>(
    "SELECT coalesce(province, '') AS province, coalesce(city, '') AS city, district FROM stations WHERE id = ?",
  );
  const countAreaDay = db.prepare(
    `INSERT INTO area_days (province, city, district, day, visits) VALUES (@province, @city, @district, @day, @n)
     ON CONFLICT (day, province, city, district) DO UPDATE SET visits = visits + excluded.visits`,
  );
  const countAreaYear = db.prepare(
    `INSERT INTO area_years (province, city, district, year, visits) VALUES (@province, @city, @district, @year, @n)
     ON CONFLICT (year, province, city, district) DO UPDATE SET visits = visits + excluded.visits`,
  );

  const countAreaCategory = db.prepare(
    `INSERT INTO area_category_days (province, city, district, day, category, visits)
     VALUES (@province, @city, @district, @day, @category, @n)
     ON CONFLICT (day, province, city, district, category) DO UPDATE SET visits = visits + excluded.visits`,
  );
  const countAreaHour = db.prepare(
    `INSERT INTO area_hours (province, city, district, hour, visits) VALUES (@province, @city, @district, @hour, @n)
     ON CONFLICT (hour, province, city, district) DO UPDATE SET visits = visits + excluded.visits`,
  );

  const writeTotals = (s: string, t: BatchTotals): void => {
    const area = areaOf.get(s)!;
    for (const [hour, tally] of t.hoursInOrder()) {
      for (const v of visitCounts(tally)) countHour.run(s, hour, v.category, v.method, v.count);
      if (tally.visitCount > 0) countAreaHour.run({ ...area, hour, n: tally.visitCount });
    }
    for (const [day, tally] of t.daysInOrder()) {
      for (const v of visitCounts(tally)) countVisits.run(s, day, v.category, v.method, v.count);
      // Oldest day first, so the live row ends on the newest day with its full count.
      if (tally.visitCount > 0) {
        const n = tally.visitCount;
        countLive.run({ s, day, year: day.slice(0, 4), n });
        countAreaDay.run({ ...area, day, n });
        countAreaYear.run({ ...area, year: day.slice(0, 4), n });
        for (const [category, visits] of categoryCounts(tally))
          countAreaCategory.run({ ...area, day, category, n: visits });
      }
      if (tally.members.size > 0) noteMembers.run(s, day, JSON.stringify([...tally.members]));
      for (const [reason, n] of tally.rejections) countRejections.run(s, day, reason, n);
      if (tally.occupancySeen) countOccupancy.run(s, day, tally.samples, tally.insideSum, tally.peak);
      for (const [device, use] of tally.appliances) countAppliance.run(s, day, device, use.sessions, use.seconds);
    }
    if (t.lastInside) noteInside.run(s, t.lastInside.inside, t.lastInside.at);
    if (t.lastHeartbeat) noteHeartbeat.run(s, t.lastHeartbeat);
    if (t.devices) describeDevices.run(s, t.devices.at, t.devices.json);
    for (const a of t.attendance.values()) countAttendance.run({ s, ...a });
  };

  // Totals per area at a level: stations, online marks, people inside and open alarms from the station rows
  // (a city hub has hundreds), visits from the kept area counts.
  const totalsAt = (level: AreaLevel) => {
    const [p, c, d] = levelKey(level, {
      province: "coalesce(s.province, '')",
      city: "coalesce(s.city, '')",
      district: 's.district',
    });
    const [vp, vc, vd] = levelKey(level, { province: 'v.province', city: 'v.city', district: 'v.district' });
    const visits = (table: string, column: string) =>
      `(SELECT coalesce(sum(v.visits), 0) FROM ${table} v WHERE v.${column} = @${column}
          AND ${vp} = g.p AND ${vc} = g.c AND ${vd} = g.d
          AND (@province IS NULL OR v.province = @province) AND (@city IS NULL OR v.city = @city)
          AND (@district IS NULL OR v.district = @district))`;
    return db.prepare<Record<string, unknown>, AreaKeyed>(
      `SELECT g.*, ${visits('area_days', 'day')} AS todayVisits, ${visits('area_years', 'year')} AS yearVisits
       FROM (SELECT ${p} AS p, ${c} AS c, ${d} AS d, count(*) AS stations,
               coalesce(sum(l.online), 0) AS online,
               coalesce(sum(CASE WHEN l.online = 1 THEN l.inside END), 0) AS inside,
               coalesce(sum(k.open + k.acknowledged), 0) AS openAlarms
             FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
               LEFT JOIN alarm_counts k ON k.station_id = s.id
             WHERE s.retired_at IS NULL AND ${AREA_FILTER} GROUP BY 1, 2, 3) g
       WHERE @afterP IS NULL OR (g.p, g.c, g.d) > (@afterP, @afterC, @afterD)
       ORDER BY g.p, g.c, g.d LIMIT @limit`,
    );
  };
  const totals = Object.fromEntries(AREA_LEVELS.map((level) => [level, totalsAt(level)])) as Record<
    AreaLevel,
    ReturnType<typeof totalsAt>
  >;

  const ackSeq = (stationId: string, epoch: string): number => getCursor.get(stationId, epoch)?.ack_seq ?? 0;

  /**
   * Moves the cursor over the gap-free run past it and stops at the first gap: a gap is never acked past.
   * Every seq of the batch is held once it is ingested, so the run is walked through the batch in memory;
   * only where the batch ends is the ledger asked, for seqs held from earlier (out-of-order) batches.
   */
  const advance = (stationId: string, epoch: string, batchSeqs: ReadonlySet<number>, at: string): number => {
    const cursor = getCursor.get(stationId, epoch);
    const from = cursor?.ack_seq ?? 0;
    let ack = from;
    while (batchSeqs.has(ack + 1)) ack += 1;
    if (holds.get(stationId, epoch, ack + 1)) ack = runEnd.get({ s: stationId, e: epoch, from: ack })!;
    if (ack !== from || !cursor) putCursor.run(stationId, epoch, ack, at);
    return ack;
  };

  const ingest = db.transaction(
    (stationId: string, epoch: string, events: readonly OutboxEvent[], localHour: LocalHour, receivedAt: string) => {
      let inserted = 0;
      const totals = new BatchTotals(localHour);
      const batchSeqs = new Set<number>();
      for (const event of events) {
        batchSeqs.add(event.seq);
        const { changes } = insertEvent.run(
          stationId,
          epoch,
          event.seq,
          event.type,
          event.at,
          JSON.stringify(event.body),
          receivedAt,
        );
        // Only a newly stored event counts: a re-sent batch must not count twice.
        if (changes === 1) {
          inserted += 1;
          totals.add(event);
          recordCase({ alarms, feedback }, stationId, event);
        }
      }
      writeTotals(stationId, totals);
      const ack = advance(stationId, epoch, batchSeqs, receivedAt);
      markSeen.run(receivedAt, stationId);
      noteSync.run(stationId, receivedAt);
      return { ackSeq: ack, inserted };
    },
  );

  return {
    ingest: async (stationId, epoch, events, localHour, receivedAt) =>
      ingest.immediate(stationId, epoch, events, localHour, receivedAt),
    ackSeq: async (stationId, epoch) => ackSeq(stationId, epoch),
    dailyVisits: async (stationId, day) => visits.all(stationId, day),
    dailyRejections: async (stationId, day) => rejections.all(stationId, day),
    live: async (scope, today, year) =>
      live.all({ ...scopeParams(scope), today, year, afterDistrict: null, afterId: null, limit: -1 }),
    livePage: async (scope, today, year, page) => {
      const [afterDistrict, afterId] = page.before
        ? decodeCursor('status', page.before, ['string', 'string'])
        : [null, null];
      const rows = live.all({ ...scopeParams(scope), today, year, afterDistrict, afterId, limit: page.limit + 1 });
      return pageOf('status', rows, page.limit, (r) => [r.district, r.stationId]);
    },
    districtTotals: async (scope, since, today, year) =>
      districtTotals.all({ ...scopeParams(scope), since, today, year }),
    totals: async (level, filter, today, year, page) => {
      const [afterP, afterC, afterD] = page.before
        ? decodeCursor('totals', page.before, ['string', 'string', 'string'])
        : [null, null, null];
      const rows = totals[level].all({
        ...areaFilterParams(filter),
        day: today,
        year,
        afterP,
        afterC,
        afterD,
        limit: page.limit + 1,
      });
      return pageOf(
        'totals',
        rows.map(({ p, c, d, ...counts }) => totalsRow([p, c, d], counts)),
        page.limit,
        (r) => [r.province ?? '', r.city ?? '', r.district ?? ''],
      );
    },
  };
}
