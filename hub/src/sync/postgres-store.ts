import type { OutboxEvent, ScanRejection } from '@yizhan/shared';
import { postgresAlarmWriter } from '../alarms/postgres-store.ts';
import { postgresFeedbackWriter } from '../feedback/postgres-store.ts';
import type { PageRequest } from '../paging.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import { AREA_OF, type Area } from '../postgres/area-totals.ts';
import { Params, scopeSql } from '../postgres/params.ts';
import { one, type Pg, type Sql } from '../postgres/sql.ts';
import type { StationScope } from '../scope.ts';
import { type AreaKey, levelKey, totalsRow } from './areas.ts';
import { BatchTotals, categoryCounts, recordCase, visitCounts } from './batch-totals.ts';
import type { AreaCounts, DailyVisitCount, DistrictTotalsRow, StationLiveRow, SyncStore } from './store.ts';

/** Columns of one batch's aggregate rows, sent as arrays and unnested: one statement per table, not per row. */
class Columns<K extends string> {
  readonly columns = {} as Record<K, unknown[]>;
  rows = 0;
  constructor(names: readonly K[]) {
    for (const name of names) this.columns[name] = [];
  }
  push(row: Record<K, unknown>): void {
    for (const name of Object.keys(this.columns) as K[]) this.columns[name].push(row[name]);
    this.rows += 1;
  }
}

/**
 * Writes what a batch's new events add up to, in as few round trips as the statements allow: every upsert
 * of the aggregates is a CTE of one statement (each touches its own table, so none needs another's
 * effect). Every statement is keyed by the one station, whose row the ingest has locked first: two hub
 * processes taking batches of one station at once take turns here.
 */
async function writeTotals(sql: Sql, s: string, area: Area, t: BatchTotals): Promise<void> {
  const hourly = new Columns(['hour', 'category', 'method', 'count'] as const);
  for (const [hour, tally] of t.hoursInOrder()) for (const v of visitCounts(tally)) hourly.push({ hour, ...v });
  const daily = new Columns(['day', 'category', 'method', 'count'] as const);
  const rejections = new Columns(['day', 'reason', 'count'] as const);
  const appliances = new Columns(['day', 'device', 'sessions', 'seconds'] as const);
  const occupancy = new Columns(['day', 'samples', 'insideSum', 'peak'] as const);
  const members = new Columns(['day', 'member'] as const);
  const areaDays = new Columns(['day', 'visits'] as const);
  const areaCategories = new Columns(['day', 'category', 'visits'] as const);
  const areaHours = new Columns(['hour', 'visits'] as const);
  for (const [hour, tally] of t.hoursInOrder()) {
    if (tally.visitCount > 0) areaHours.push({ hour, visits: tally.visitCount });
  }
  const areaYears = new Map<string, number>();
  const live: { day: string; n: number }[] = [];
  for (const [day, tally] of t.daysInOrder()) {
    for (const v of visitCounts(tally)) daily.push({ day, ...v });
    if (tally.visitCount > 0) {
      live.push({ day, n: tally.visitCount });
      areaDays.push({ day, visits: tally.visitCount });
      for (const [category, visits] of categoryCounts(tally)) areaCategories.push({ day, category, visits });
      areaYears.set(day.slice(0, 4), (areaYears.get(day.slice(0, 4)) ?? 0) + tally.visitCount);
    }
    for (const member of tally.members) members.push({ day, member });
    for (const [reason, count] of tally.rejections) rejections.push({ day, reason, count });
    if (tally.occupancySeen)
      occupancy.push({ day, samples: tally.samples, insideSum: tally.insideSum, peak: tally.peak });
    for (const [device, use] of tally.appliances) appliances.push({ day, device, ...use });
  }
  const years = new Columns(['year', 'visits'] as const);
  for (const [year, visits] of areaYears) years.push({ year, visits });

  const p = new Params();
  const station = p.add(s);
  const arrays = (c: { columns: Record<string, unknown[]> }, types: string[]) =>
    Object.values(c.columns)
      .map((values, i) => `${p.add(values)}::${types[i]}[]`)
      .join(', ');
  const areaKey = () => `${p.add(area.province)}, ${p.add(area.city)}, ${p.add(area.district)}`;
  const parts: string[] = [];
  if (hourly.rows > 0)
    parts.push(`INSERT INTO hourly_visits AS v (station_id, hour, category, method, count)
      SELECT ${station}, * FROM unnest(${arrays(hourly, ['text', 'text', 'text', 'int'])})
      ON CONFLICT (station_id, hour, category, method) DO UPDATE SET count = v.count + excluded.count`);
  if (daily.rows > 0)
    parts.push(`INSERT INTO daily_visits AS v (station_id, day, category, method, count)
      SELECT ${station}, * FROM unnest(${arrays(daily, ['text', 'text', 'text', 'int'])})
      ON CONFLICT (station_id, day, category, method) DO UPDATE SET count = v.count + excluded.count`);
  if (areaDays.rows > 0)
    parts.push(`INSERT INTO area_days AS v (province, city, district, day, visits)
      SELECT ${areaKey()}, * FROM unnest(${arrays(areaDays, ['text', 'int'])})
      ON CONFLICT (day, province, city, district) DO UPDATE SET visits = v.visits + excluded.visits`);
  if (areaCategories.rows > 0)
    parts.push(`INSERT INTO area_category_days AS v (province, city, district, day, category, visits)
      SELECT ${areaKey()}, * FROM unnest(${arrays(areaCategories, ['text', 'text', 'int'])})
      ON CONFLICT (day, province, city, district, category) DO UPDATE SET visits = v.visits + excluded.visits`);
  if (areaHours.rows > 0)
    parts.push(`INSERT INTO area_hours AS v (province, city, district, hour, visits)
      SELECT ${areaKey()}, * FROM unnest(${arrays(areaHours, ['text', 'int'])})
      ON CONFLICT (hour, province, city, district) DO UPDATE SET visits = v.visits + excluded.visits`);
  if (years.rows > 0)
    parts.push(`INSERT INTO area_years AS v (province, city, district, year, visits)
      SELECT ${areaKey()}, * FROM unnest(${arrays(years, ['text', 'int'])})
      ON CONFLICT (year, province, city, district) DO UPDATE SET visits = v.visits + excluded.visits`);
  if (members.rows > 0)
    parts.push(`INSERT INTO member_days (station_id, day, member)
      SELECT ${station}, * FROM unnest(${arrays(members, ['text', 'text'])}) ON CONFLICT DO NOTHING`);
  if (rejections.rows > 0)
    parts.push(`INSERT INTO daily_rejections AS r (station_id, day, reason, count)
      SELECT ${station}, * FROM unnest(${arrays(rejections, ['text', 'text', 'int'])})
      ON CONFLICT (station_id, day, reason) DO UPDATE SET count = r.count + excluded.count`);
  if (occupancy.rows > 0)
    parts.push(`INSERT INTO daily_occupancy AS o (station_id, day, samples, inside_sum, peak)
      SELECT ${station}, * FROM unnest(${arrays(occupancy, ['text', 'int', 'bigint', 'int'])})
      ON CONFLICT (station_id, day) DO UPDATE SET samples = o.samples + excluded.samples,
        inside_sum = o.inside_sum + excluded.inside_sum, peak = greatest(o.peak, excluded.peak)`);
  if (appliances.rows > 0)
    parts.push(`INSERT INTO daily_appliance_use AS u (station_id, day, device, sessions, seconds)
      SELECT ${station}, * FROM unnest(${arrays(appliances, ['text', 'text', 'int', 'float8'])})
      ON CONFLICT (station_id, day, device) DO UPDATE SET sessions = u.sessions + excluded.sessions,
        seconds = u.seconds + excluded.seconds`);
  if (t.lastHeartbeat)
    parts.push(`INSERT INTO station_live AS l (station_id, last_heartbeat_at) VALUES (${station}, ${p.add(t.lastHeartbeat)})
      ON CONFLICT (station_id) DO UPDATE SET
        last_heartbeat_at = greatest(coalesce(l.last_heartbeat_at, ''), excluded.last_heartbeat_at)`);
  if (t.attendance.size > 0) {
    const attendance = new Columns(['day', 'eventId', 'method', 'category', 'count'] as const);
    for (const a of t.attendance.values()) attendance.push(a);
    parts.push(`INSERT INTO attendance_counts AS c (station_id, day, event_id, method, category, count)
      SELECT ${station}, * FROM unnest(${arrays(attendance, ['text', 'text', 'text', 'text', 'int'])})
      ON CONFLICT (station_id, day, event_id, method, category) DO UPDATE SET count = c.count + excluded.count`);
  }
  if (t.devices)
    parts.push(`INSERT INTO station_devices AS d (station_id, described_at, devices)
      VALUES (${station}, ${p.add(t.devices.at)}, ${p.add(t.devices.json)})
      ON CONFLICT (station_id) DO UPDATE SET described_at = excluded.described_at, devices = excluded.devices
      WHERE excluded.described_at >= d.described_at`);
  if (parts.length > 0) {
    await sql.query(`WITH ${parts.map((part, i) => `w${i} AS (${part})`).join(', ')} SELECT 1`, p.values);
  }
  // today/year follow the newest local day/year seen; a late event of an older one is in the history only.
  // Oldest day first, so the live row ends on the newest day with its full count.
  for (const { day, n } of live) {
    await sql.query(
      `INSERT INTO station_live AS l (station_id, today, today_visits, year, year_visits) VALUES ($1, $2, $3, $4, $3)
       ON CONFLICT (station_id) DO UPDATE SET
         today_visits = CASE WHEN l.today IS NULL OR $2 > l.today THEN $3 WHEN $2 = l.today THEN l.today_visits + $3
                        ELSE l.today_visits END,
         today = CASE WHEN l.today IS NULL OR $2 > l.today THEN $2 ELSE l.today END,
         year_visits = CASE WHEN l.year IS NULL OR $4 > l.year THEN $3 WHEN $4 = l.year THEN l.year_visits + $3
                       ELSE l.year_visits END,
         year = CASE WHEN l.year IS NULL OR $4 > l.year THEN $4 ELSE l.year END`,
      [s, day, n, day.slice(0, 4)],
    );
  }
}

/**
 * The station's newest count of people inside, if newer than the one held; answers how much it adds to the
 * area's kept totals: nothing while the station is not marked online. `before` is its live row as read
 * (and locked, against the silent-station sweep) at the start of the ingest.
 */
async function noteInside(
  sql: Sql,
  stationId: string,
  last: { inside: number; at: string },
  before: { inside: number | null; online: boolean } | undefined,
): Promise<number> {
  const { rows } = await sql.query<{ inside: number }>(
    `INSERT INTO station_live AS l (station_id, inside, inside_at) VALUES ($1, $2, $3)
     ON CONFLICT (station_id) DO UPDATE SET inside = excluded.inside, inside_at = excluded.inside_at
     WHERE l.inside_at IS NULL OR excluded.inside_at >= l.inside_at
     RETURNING inside`,
    [stationId, last.inside, last.at],
  );
  return before?.online && rows[0] ? rows[0].inside - (before.inside ?? 0) : 0;
}

/**
 * PostgreSQL refuses U+0000 in text, which JSON and SQLite allow: a batch carrying one (typed on a kiosk)
 * would fail for ever and hold back every later event of its station. It is stored as U+FFFD instead.
 */
const withoutNul = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

function eventWithoutNul(event: OutboxEvent): OutboxEvent {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return withoutNul(value);
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), clean(v)]));
    }
    return value;
  };
  const text = JSON.stringify(event);
  return text.includes('\\u0000') ? (clean(event) as OutboxEvent) : event;
}

const LIVE_COLUMNS = `s.id AS "stationId", s.name, s.district, s.capacity, s.lat, s.lng, s.last_seen_at AS "lastSeenAt",
  l.last_heartbeat_at AS "lastHeartbeatAt", l.inside, l.inside_at AS "insideAt"`;

export function postgresSyncStore(pg: Pg): SyncStore {
  const { sql } = pg;
  /** Live rows in district then id order; with a page, those after its cursor and one more. */
  const live = (scope: StationScope, today: string, year: string, page: PageRequest | undefined) => {
    const p = new Params();
    const where = scopeSql(p, scope);
    let after = 'TRUE';
    if (page?.before) {
      const [district, id] = decodeCursor('status', page.before, ['string', 'string']);
      after = `(s.district, s.id) > (${p.add(district)}, ${p.add(id)})`;
    }
    return sql.query<StationLiveRow>(
      `SELECT ${LIVE_COLUMNS}, coalesce(c.open + c.acknowledged, 0) AS "openAlarms",
         coalesce(c.open, 0) AS "unacknowledgedAlarms",
         CASE WHEN l.today = ${p.add(today)} THEN l.today_visits ELSE 0 END AS "todayVisits",
         CASE WHEN l.year = ${p.add(year)} THEN l.year_visits ELSE 0 END AS "yearVisits"
       FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
         LEFT JOIN alarm_counts c ON c.station_id = s.id
       WHERE s.retired_at IS NULL AND ${where} AND ${after}
       ORDER BY s.district, s.id ${page ? `LIMIT ${p.add(page.limit + 1)}` : ''}`,
      p.values,
    );
  };
  const ackSeq = async (q: Sql, stationId: string, epoch: string) =>
    Number(
      (
        await one<{ ack_seq: string }>(q, 'SELECT ack_seq FROM sync_cursors WHERE station_id = $1 AND epoch = $2', [
          stationId,
          epoch,
        ])
      )?.ack_seq ?? 0,
    );

  return {
    ingest: (stationId, rawEpoch, rawEvents, localHour, receivedAt) =>
      pg.atomic(async (tx) => {
        const epoch = withoutNul(rawEpoch);
        const events = rawEvents.map(eventWithoutNul);
        // The station's row first: every batch of one station, on whichever hub process, takes its turn.
        const station = await one<Area & { retired: boolean }>(
          tx,
          `SELECT coalesce(province, '') AS province, coalesce(city, '') AS city, district,
             retired_at IS NOT NULL AS retired
           FROM stations WHERE id = $1 FOR NO KEY UPDATE`,
          [stationId],
        );
        if (!station) throw new Error(`no station ${stationId}`);
        // Read after the lock, in a statement of its own, so it sees what the batch waited for had written;
        // the live row is locked too, against the silent-station sweep (a first batch has none yet).
        const reads = `(SELECT ack_seq FROM sync_cursors WHERE station_id = $1 AND epoch = $2) AS ack,
          ARRAY(SELECT seq FROM events WHERE station_id = $1 AND epoch = $2 AND seq = ANY($3::bigint[])) AS held`;
        const readValues = [stationId, epoch, events.map((e) => e.seq)];
        const live = await one<{ ack: string | null; held: string[]; inside: number | null; online: boolean }>(
          tx,
          `SELECT l.inside, l.online, ${reads} FROM station_live l WHERE l.station_id = $1 FOR UPDATE`,
          readValues,
        );
        const seen = live ?? (await one<{ ack: string | null; held: string[] }>(tx, `SELECT ${reads}`, readValues))!;
        // An event is new when its seq is: the first copy of a seq wins, whatever time a later copy carries
        // (the partitioned key holds the time, so the key alone would take a changed copy for a new event).
        const known = new Set(seen.held.map(Number));
        const fresh = events.filter((e) => !known.has(e.seq) && known.add(e.seq));
        if (fresh.length > 0) {
          await tx.query(
            `INSERT INTO events (station_id, epoch, seq, type, at, body, received_at)
             SELECT $1, $2, * , $7 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[])
             ON CONFLICT DO NOTHING`,
            [
              stationId,
              epoch,
              fresh.map((e) => e.seq),
              fresh.map((e) => e.type),
              fresh.map((e) => e.at),
              fresh.map((e) => JSON.stringify(e.body)),
              receivedAt,
            ],
          );
        }
        const totals = new BatchTotals(localHour);
        const alarms = postgresAlarmWriter(tx);
        let openAdded = 0;
        const writers = {
          alarms: {
            raise: async (c: Parameters<typeof alarms.raise>[0]) => {
              openAdded += (await alarms.raise(c)).openAdded;
            },
            clear: async (c: Parameters<typeof alarms.clear>[0]) => {
              openAdded += (await alarms.clear(c)).openAdded;
            },
          },
          feedback: postgresFeedbackWriter(tx),
        };
        for (const event of fresh) {
          totals.add(event);
          await recordCase(writers, stationId, event);
        }
        await writeTotals(tx, stationId, station, totals);
        const insideAdded = totals.lastInside ? await noteInside(tx, stationId, totals.lastInside, live) : 0;

        // The gap-free run past the cursor: through the batch in memory, then the ledger where the batch ends
        // (asked only when the next seq is held from an earlier, out-of-order batch).
        const batchSeqs = new Set(events.map((e) => e.seq));
        let ack = Number(seen.ack ?? 0);
        while (batchSeqs.has(ack + 1)) ack += 1;
        const end = await one<{ seq: string | null }>(
          tx,
          `SELECT CASE WHEN EXISTS (SELECT 1 FROM events WHERE station_id = $1 AND epoch = $2 AND seq = $3 + 1)
             THEN (SELECT a.seq FROM events a WHERE a.station_id = $1 AND a.epoch = $2 AND a.seq > $3
                     AND NOT EXISTS (SELECT 1 FROM events b WHERE b.station_id = $1 AND b.epoch = $2 AND b.seq = a.seq + 1)
                   ORDER BY a.seq LIMIT 1)
           END AS seq`,
          [stationId, epoch, ack],
        );
        if (end?.seq != null) ack = Number(end.seq);
        // One statement to end on: the cursor, the sighting and online mark, and the area's kept totals, which
        // every transaction changes last (one lock order, no deadlock). `flip` reads the mark as it was before
        // this statement (its snapshot), so it tells a station coming online from one that was.
        await tx.query(
          `WITH cursor AS (
             INSERT INTO sync_cursors AS c (station_id, epoch, ack_seq, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (station_id, epoch) DO UPDATE SET ack_seq = greatest(c.ack_seq, excluded.ack_seq),
               updated_at = excluded.updated_at),
           flip AS (SELECT NOT coalesce((SELECT online FROM station_live WHERE station_id = $1), FALSE) AS on),
           s AS (UPDATE stations s SET last_seen_at = $4 WHERE s.id = $1 RETURNING ${AREA_OF}, s.retired_at),
           l AS (INSERT INTO station_live AS l (station_id, online, last_sync_at) VALUES ($1, TRUE, $4)
                 ON CONFLICT (station_id) DO UPDATE SET online = TRUE, last_sync_at = excluded.last_sync_at
                 RETURNING coalesce(inside, 0) AS inside)
           INSERT INTO area_totals AS a (province, city, district, online, inside, open_alarms)
             SELECT s.province, s.city, s.district, CASE WHEN flip.on THEN 1 ELSE 0 END,
               CASE WHEN flip.on THEN l.inside ELSE $5 END, $6
             FROM s, l, flip WHERE s.retired_at IS NULL AND (flip.on OR $5 <> 0 OR $6 <> 0)
           ON CONFLICT (province, city, district) DO UPDATE SET online = a.online + excluded.online,
             inside = a.inside + excluded.inside, open_alarms = a.open_alarms + excluded.open_alarms`,
          [stationId, epoch, ack, receivedAt, insideAdded, openAdded],
        );
        return { ackSeq: ack, inserted: fresh.length };
      }),
    ackSeq: (stationId, epoch) => ackSeq(sql, stationId, epoch),
    dailyVisits: async (stationId, day) =>
      (
        await sql.query<DailyVisitCount>(
          `SELECT category, method, count FROM daily_visits WHERE station_id = $1 AND day = $2
           ORDER BY category, method`,
          [stationId, day],
        )
      ).rows,
    dailyRejections: async (stationId, day) =>
      (
        await sql.query<{ reason: ScanRejection; count: number }>(
          'SELECT reason, count FROM daily_rejections WHERE station_id = $1 AND day = $2 ORDER BY reason',
          [stationId, day],
        )
      ).rows,
    live: async (scope, today, year) => (await live(scope, today, year, undefined)).rows,
    livePage: async (scope, today, year, page) => {
      const { rows } = await live(scope, today, year, page);
      return pageOf('status', rows, page.limit, (r) => [r.district, r.stationId]);
    },
    districtTotals: async (scope, since, today, year) => {
      const p = new Params();
      const where = scopeSql(p, scope);
      const sinceP = p.add(since);
      // People inside count only at stations that are online: a silent station's last count is stale.
      const { rows } = await sql.query<DistrictTotalsRow>(
        `SELECT s.district, count(*)::int AS stations,
           count(*) FILTER (WHERE s.last_seen_at >= ${sinceP})::int AS online,
           coalesce(sum(l.inside) FILTER (WHERE s.last_seen_at >= ${sinceP}), 0)::int AS inside,
           coalesce(sum(c.open + c.acknowledged), 0)::int AS "openAlarms",
           coalesce(sum(c.open), 0)::int AS "unacknowledgedAlarms",
           coalesce(sum(l.today_visits) FILTER (WHERE l.today = ${p.add(today)}), 0)::int AS "todayVisits",
           coalesce(sum(l.year_visits) FILTER (WHERE l.year = ${p.add(year)}), 0)::int AS "yearVisits"
         FROM stations s LEFT JOIN station_live l ON l.station_id = s.id
           LEFT JOIN alarm_counts c ON c.station_id = s.id
         WHERE s.retired_at IS NULL AND ${where} GROUP BY s.district ORDER BY s.district`,
        p.values,
      );
      return rows;
    },
    totals: async (level, filter, today, year, page) => {
      const p = new Params();
      const key = (t: string) =>
        levelKey(level, { province: `${t}.province`, city: `${t}.city`, district: `${t}.district` });
      const where = (t: string) => {
        const parts = ['TRUE'];
        if (filter.province !== undefined) parts.push(`${t}.province = ${p.add(filter.province)}`);
        if (filter.city !== undefined) parts.push(`${t}.city = ${p.add(filter.city)}`);
        if (filter.district !== undefined) parts.push(`${t}.district = ${p.add(filter.district)}`);
        return parts.join(' AND ');
      };
      const [ap, ac, ad] = key('a');
      let after = 'TRUE';
      if (page.before) {
        const [bp, bc, bd] = decodeCursor('totals', page.before, ['string', 'string', 'string']);
        after = `(g.p, g.c, g.d) > (${p.add(bp)}, ${p.add(bc)}, ${p.add(bd)})`;
      }
      // The visits of the areas in the filter only, summed at the level asked for.
      const visits = (table: string, column: string, value: string) => {
        const [vp, vc, vd] = key('v');
        return `(SELECT coalesce(sum(v.visits), 0)::int FROM ${table} v WHERE v.${column} = ${p.add(value)}
          AND ${vp} = g.p AND ${vc} = g.c AND ${vd} = g.d AND ${where('v')})`;
      };
      const areaWhere = where('a');
      const { rows } = await sql.query<{ p: string; c: string; d: string } & AreaCounts>(
        `SELECT g.*, ${visits('area_days', 'day', today)} AS "todayVisits",
           ${visits('area_years', 'year', year)} AS "yearVisits"
         FROM (SELECT ${ap} AS p, ${ac} AS c, ${ad} AS d, sum(a.stations)::int AS stations,
                 sum(a.online)::int AS online, sum(a.inside)::int AS inside, sum(a.open_alarms)::int AS "openAlarms"
               FROM area_totals a WHERE ${areaWhere} GROUP BY 1, 2, 3 HAVING sum(a.stations) > 0) g
         WHERE ${after} ORDER BY g.p, g.c, g.d LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf(
        'totals',
        rows.map(({ p: province, c: city, d: district, ...counts }) =>
          totalsRow([province, city, district] as AreaKey, counts),
        ),
        page.limit,
        (r) => [r.province ?? '', r.city ?? '', r.district ?? ''],
      );
    },
  };
}
