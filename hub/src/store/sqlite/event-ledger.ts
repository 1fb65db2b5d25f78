import type { OutboxEvent, ScanRejection } from '@yizhan/shared';
import type { Db } from '../../db/open-database.ts';
import type { DailyVisitCount, DatedEvent, EventLedger } from '../hub-store.ts';

/**
 * The aggregate changes of one batch's newly stored events, summed per key before they are written:
 * a batch of 500 visits of one station touches a handful of aggregate rows, not 2,000.
 */
class BatchTotals {
  readonly daily = new Map<string, { day: string; category: string; method: string; n: number }>();
  readonly hourly = new Map<string, { hour: string; category: string; method: string; n: number }>();
  readonly visitDays = new Map<string, number>();
  readonly members = new Set<string>();
  readonly rejections = new Map<string, { day: string; reason: string; n: number }>();
  readonly occupancy = new Map<string, { day: string; samples: number; sum: number; peak: number }>();
  readonly appliances = new Map<string, { day: string; device: string; sessions: number; seconds: number }>();
  lastInside: { inside: number; at: string } | undefined;
  lastHeartbeat: string | undefined;

  add({ event, day, hour }: DatedEvent): void {
    switch (event.type) {
      case 'visit.started': {
        const { category, method, member } = event.body;
        bump(this.daily, `${day}|${category}|${method}`, () => ({ day, category, method, n: 0 })).n += 1;
        bump(this.hourly, `${hour}|${category}|${method}`, () => ({ hour, category, method, n: 0 })).n += 1;
        this.visitDays.set(day, (this.visitDays.get(day) ?? 0) + 1);
        if (member !== undefined) this.members.add(`${day}|${member}`);
        return;
      }
      case 'scan.rejected': {
        const { reason } = event.body;
        bump(this.rejections, `${day}|${reason}`, () => ({ day, reason, n: 0 })).n += 1;
        return;
      }
      case 'occupancy.sample': {
        const { inside } = event.body;
        const o = bump(this.occupancy, day, () => ({ day, samples: 0, sum: 0, peak: 0 }));
        o.samples += 1;
        o.sum += inside;
        o.peak = Math.max(o.peak, inside);
        if (!this.lastInside || event.at >= this.lastInside.at) this.lastInside = { inside, at: event.at };
        return;
      }
      case 'appliance.session': {
        const { device, seconds } = event.body;
        const a = bump(this.appliances, `${day}|${device}`, () => ({ day, device, sessions: 0, seconds: 0 }));
        a.sessions += 1;
        a.seconds += seconds;
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

export function sqliteEventLedger(db: Db): EventLedger {
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
  const noteMember = db.prepare('INSERT OR IGNORE INTO member_days (station_id, day, member) VALUES (?, ?, ?)');
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
  // Batches may arrive out of order: a clear may come before its raise, so both upsert.
  const raiseAlarm = db.prepare(
    `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, raised_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (station_id, alarm_id) DO UPDATE SET rule = excluded.rule, device = excluded.device,
       detail = excluded.detail, raised_at = excluded.raised_at`,
  );
  const clearAlarm = db.prepare(
    `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, raised_at, cleared_at)
     VALUES (@s, @alarmId, @rule, @device, '', @at, @at)
     ON CONFLICT (station_id, alarm_id) DO UPDATE SET cleared_at = excluded.cleared_at`,
  );
  const openCase = db.prepare(
    `INSERT OR IGNORE INTO feedback_cases (station_id, feedback_id, category, place, created_at, status, updated_at)
     VALUES (@s, @id, @category, @place, @at, 'new', @at)`,
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

  /** Alarms and feedback are rare and keyed by their own ids: written as they come. */
  const recordCase = (s: string, event: OutboxEvent): void => {
    if (event.type === 'alarm.raised') {
      const { alarmId, rule, device, detail } = event.body;
      raiseAlarm.run(s, alarmId, rule, device ?? null, detail, event.at);
    } else if (event.type === 'alarm.cleared') {
      const { alarmId, rule, device } = event.body;
      clearAlarm.run({ s, alarmId, rule, device: device ?? null, at: event.at });
    } else if (event.type === 'feedback.created') {
      const { feedbackId, category, place } = event.body;
      openCase.run({ s, id: feedbackId, category, place: place ?? null, at: event.at });
    }
  };

  const writeTotals = (s: string, t: BatchTotals): void => {
    for (const v of t.daily.values()) countVisits.run(s, v.day, v.category, v.method, v.n);
    for (const v of t.hourly.values()) countHour.run(s, v.hour, v.category, v.method, v.n);
    // Oldest day first, so the live row ends on the newest day with its full count.
    for (const day of [...t.visitDays.keys()].sort())
      countLive.run({ s, day, year: day.slice(0, 4), n: t.visitDays.get(day) });
    for (const key of t.members) {
      const bar = key.indexOf('|');
      noteMember.run(s, key.slice(0, bar), key.slice(bar + 1));
    }
    for (const r of t.rejections.values()) countRejections.run(s, r.day, r.reason, r.n);
    for (const o of t.occupancy.values()) countOccupancy.run(s, o.day, o.samples, o.sum, o.peak);
    for (const a of t.appliances.values()) countAppliance.run(s, a.day, a.device, a.sessions, a.seconds);
    if (t.lastInside) noteInside.run(s, t.lastInside.inside, t.lastInside.at);
    if (t.lastHeartbeat) noteHeartbeat.run(s, t.lastHeartbeat);
  };

  const ackSeq = (stationId: string, epoch: string): number => getCursor.get(stationId, epoch)?.ack_seq ?? 0;

  /** Walks the held seqs past the cursor and stops at the first gap: a gap is never acked past. */
  const advance = (stationId: string, epoch: string, at: string): number => {
    const from = ackSeq(stationId, epoch);
    const ack = holds.get(stationId, epoch, from + 1) ? runEnd.get({ s: stationId, e: epoch, from })! : from;
    if (ack !== from || !getCursor.get(stationId, epoch)) putCursor.run(stationId, epoch, ack, at);
    return ack;
  };

  const ingest = db.transaction(
    (stationId: string, epoch: string, events: readonly DatedEvent[], receivedAt: string) => {
      let inserted = 0;
      const totals = new BatchTotals();
      for (const dated of events) {
        const { event } = dated;
        const result = insertEvent.run(
          stationId,
          epoch,
          event.seq,
          event.type,
          event.at,
          JSON.stringify(event.body),
          receivedAt,
        );
        // Only a newly stored event counts: a re-sent batch must not count twice.
        if (result.changes === 1) {
          inserted += 1;
          totals.add(dated);
          recordCase(stationId, event);
        }
      }
      writeTotals(stationId, totals);
      const ack = advance(stationId, epoch, receivedAt);
      markSeen.run(receivedAt, stationId);
      noteSync.run(stationId, receivedAt);
      return { ackSeq: ack, inserted };
    },
  );

  return {
    ingest: (stationId, epoch, events, receivedAt) => ingest.immediate(stationId, epoch, events, receivedAt),
    ackSeq,
    dailyVisits: (stationId, day) => visits.all(stationId, day),
    dailyRejections: (stationId, day) => rejections.all(stationId, day),
  };
}
