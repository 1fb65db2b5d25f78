import { type OutboxEvent, type ScanRejection, WORKER_CATEGORIES } from '@yizhan/shared';
import { sqliteAlarmWriter } from '../alarms/sqlite-store.ts';
import { sqliteFeedbackWriter } from '../feedback/sqlite-store.ts';
import type { Db } from '../sqlite/open-database.ts';
import { SCOPE, scopeParams } from '../sqlite/scope.ts';
import type { DailyVisitCount, DistrictTotalsRow, LocalHour, StationLiveRow, SyncStore } from './store.ts';

const METHODS = ['code', 'walk-in'] as const;
const CATEGORY_INDEX = new Map<string, number>(WORKER_CATEGORIES.map((category, i) => [category, i]));
/** Visits are tallied in a flat array at `category index * 2 + method index`: no key string per event. */
const visitSlot = (category: string, method: string): number =>
  CATEGORY_INDEX.get(category)! * 2 + (method === 'code' ? 0 : 1);

/**
 * The aggregate changes of newly stored events in one local hour (or, summed, one local day), so that a
 * batch of 500 events of one station writes a handful of aggregate rows, not 2,000.
 */
class Tally {
  readonly visits: number[] = new Array(WORKER_CATEGORIES.length * METHODS.length).fill(0);
  visitCount = 0;
  /** A set: a member counts once a day however often they come. */
  readonly members = new Set<string>();
  readonly rejections = new Map<string, number>();
  samples = 0;
  insideSum = 0;
  peak = 0;
  readonly appliances = new Map<string, { sessions: number; seconds: number }>();

  absorb(other: Tally): void {
    for (let i = 0; i < other.visits.length; i++) this.visits[i]! += other.visits[i]!;
    this.visitCount += other.visitCount;
    for (const member of other.members) this.members.add(member);
    for (const [reason, n] of other.rejections) this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + n);
    this.samples += other.samples;
    this.insideSum += other.insideSum;
    this.peak = Math.max(this.peak, other.peak);
    for (const [device, use] of other.appliances) {
      const mine = bump(this.appliances, device, () => ({ sessions: 0, seconds: 0 }));
      mine.sessions += use.sessions;
      mine.seconds += use.seconds;
    }
  }
}

/** A batch's newly stored events, tallied per local hour, plus the newest live facts for station_live. */
class BatchTotals {
  readonly hours = new Map<string, Tally>();
  lastInside: { inside: number; at: string } | undefined;
  lastHeartbeat: string | undefined;
  // A batch's events mostly share an hour: the last tally is kept at hand.
  private lastHour = '';
  private last: Tally | undefined;

  constructor(private readonly localHour: LocalHour) {}

  private tallyOf(at: string): Tally {
    const hour = this.localHour(at);
    if (hour === this.lastHour && this.last) return this.last;
    this.lastHour = hour;
    this.last = bump(this.hours, hour, () => new Tally());
    return this.last;
  }

  add(event: OutboxEvent): void {
    switch (event.type) {
      case 'visit.started': {
        const { category, method, member } = event.body;
        const tally = this.tallyOf(event.at);
        tally.visits[visitSlot(category, method)]! += 1;
        tally.visitCount += 1;
        if (member !== undefined) tally.members.add(member);
        return;
      }
      case 'scan.rejected': {
        const { rejections } = this.tallyOf(event.at);
        rejections.set(event.body.reason, (rejections.get(event.body.reason) ?? 0) + 1);
        return;
      }
      case 'occupancy.sample': {
        const { inside } = event.body;
        const tally = this.tallyOf(event.at);
        tally.samples += 1;
        tally.insideSum += inside;
        tally.peak = Math.max(tally.peak, inside);
        if (!this.lastInside || event.at >= this.lastInside.at) this.lastInside = { inside, at: event.at };
        return;
      }
      case 'appliance.session': {
        const { device, seconds } = event.body;
        const use = bump(this.tallyOf(event.at).appliances, device, () => ({ sessions: 0, seconds: 0 }));
        use.sessions += 1;
        use.seconds += seconds;
        return;
      }
      case 'heartbeat':
        if (!this.lastHeartbeat || event.at > this.lastHeartbeat) this.lastHeartbeat = event.at;
        return;
      default:
        return;
    }
  }
}

function bump<V>(map: Map<string, V>, key: string, fresh: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = fresh();
    map.set(key, value);
  }
  return value;
}

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
  const noteSync = db.prepare(
    `INSERT INTO station_live (station_id, last_sync_at) VALUES (?, ?)
     ON CONFLICT (station_id) DO UPDATE SET last_sync_at = excluded.last_sync_at`,
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
    `SELECT s.id AS stationId, s.name, s.district, s.capacity, s.last_seen_at AS lastSeenAt,
       l.last_heartbeat_at AS lastHeartbeatAt, l.inside, l.inside_at AS insideAt,
       coalesce(c.open + c.acknowledged, 0) AS openAlarms,
       CASE WHEN l.today = @today THEN l.today_visits ELSE 0 END AS todayVisits,
       CASE WHEN l.year = @year THEN l.year_visits ELSE 0 END AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id LEFT JOIN alarm_counts c ON c.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE} ORDER BY s.district, s.id`,
  );
  // People inside count only at stations that are online: a silent station's last count is stale.
  // Open alarms (not cleared, acknowledged or not) come from the kept alarm_counts.
  const districtTotals = db.prepare<Record<string, unknown>, DistrictTotalsRow>(
    `SELECT s.district, count(*) AS stations,
       coalesce(sum(s.last_seen_at >= @since), 0) AS online,
       coalesce(sum(CASE WHEN s.last_seen_at >= @since THEN l.inside END), 0) AS inside,
       coalesce(sum(c.open + c.acknowledged), 0) AS openAlarms,
       coalesce(sum(CASE WHEN l.today = @today THEN l.today_visits END), 0) AS todayVisits,
       coalesce(sum(CASE WHEN l.year = @year THEN l.year_visits END), 0) AS yearVisits
     FROM stations s LEFT JOIN station_live l ON l.station_id = s.id LEFT JOIN alarm_counts c ON c.station_id = s.id
     WHERE s.retired_at IS NULL AND ${SCOPE} GROUP BY s.district ORDER BY s.district`,
  );

  /** Alarms and feedback are rare and keyed by their own ids: written as they come, by their own nouns. */
  const recordCase = (stationId: string, event: OutboxEvent): void => {
    if (event.type === 'alarm.raised') {
      const { alarmId, rule, device, detail } = event.body;
      alarms.raise({ stationId, alarmId, rule, device: device ?? null, detail, at: event.at });
    } else if (event.type === 'alarm.cleared') {
      const { alarmId, rule, device } = event.body;
      alarms.clear({ stationId, alarmId, rule, device: device ?? null, at: event.at });
    } else if (event.type === 'feedback.created') {
      const { feedbackId, category, place } = event.body;
      feedback.open({ stationId, feedbackId, category, place: place ?? null, at: event.at });
    }
  };

  const writeTotals = (s: string, t: BatchTotals): void => {
    // Hours in order (their text sorts as time), summed into their days, which come out in order too.
    const days = new Map<string, Tally>();
    for (const hour of [...t.hours.keys()].sort()) {
      const tally = t.hours.get(hour)!;
      tally.visits.forEach((n, i) => {
        if (n > 0) countHour.run(s, hour, WORKER_CATEGORIES[i >> 1], METHODS[i & 1], n);
      });
      // A day's first hour becomes its tally (already written, so it may be added to); later hours join it.
      const day = hour.slice(0, 10);
      const sum = days.get(day);
      if (sum) sum.absorb(tally);
      else days.set(day, tally);
    }
    for (const [day, tally] of days) {
      tally.visits.forEach((n, i) => {
        if (n > 0) countVisits.run(s, day, WORKER_CATEGORIES[i >> 1], METHODS[i & 1], n);
      });
      // Oldest day first, so the live row ends on the newest day with its full count.
      if (tally.visitCount > 0) countLive.run({ s, day, year: day.slice(0, 4), n: tally.visitCount });
      if (tally.members.size > 0) noteMembers.run(s, day, JSON.stringify([...tally.members]));
      for (const [reason, n] of tally.rejections) countRejections.run(s, day, reason, n);
      if (tally.samples > 0) countOccupancy.run(s, day, tally.samples, tally.insideSum, tally.peak);
      for (const [device, use] of tally.appliances) countAppliance.run(s, day, device, use.sessions, use.seconds);
    }
    if (t.lastInside) noteInside.run(s, t.lastInside.inside, t.lastInside.at);
    if (t.lastHeartbeat) noteHeartbeat.run(s, t.lastHeartbeat);
  };

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
          recordCase(stationId, event);
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
    live: async (scope, today, year) => live.all({ ...scopeParams(scope), today, year }),
    districtTotals: async (scope, since, today, year) =>
      districtTotals.all({ ...scopeParams(scope), since, today, year }),
  };
}
