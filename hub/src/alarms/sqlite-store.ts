import { newestFirst } from '../sqlite/newest-first.ts';
import type { Db } from '../sqlite/open-database.ts';
import { SCOPE, scopeParams } from '../sqlite/scope.ts';
import { type AlarmChange, type AlarmCountsRow, alarmShare, summaryOf } from './counts.ts';
import type { AlarmRecord, AlarmStatus } from './schema.ts';
import type { AlarmQuery, AlarmStore } from './store.ts';

const COLUMNS = `a.station_id AS stationId, a.alarm_id AS alarmId, a.rule, a.device, a.detail,
  a.raised_at AS raisedAt, a.acked_at AS ackedAt, a.acked_by AS ackedBy, a.cleared_at AS clearedAt`;

const FILTER = `${SCOPE} AND (@fromIso IS NULL OR a.raised_at >= @fromIso) AND (@toIso IS NULL OR a.raised_at < @toIso)`;

/** Open and acknowledged alarms are the not cleared ones: alarms_unresolved holds just those. */
const STATUS_IS: Record<AlarmStatus, string> = {
  open: 'a.cleared_at IS NULL AND a.acked_at IS NULL',
  acknowledged: 'a.cleared_at IS NULL AND a.acked_at IS NOT NULL',
  cleared: 'a.cleared_at IS NOT NULL',
};

/**
 * Every write to the alarms table, for the sync ingest and the acknowledge route alike: each keeps the
 * station's alarm_counts in step (the all-time summary is read from there, not from the history). The
 * caller runs it inside its transaction.
 */
export function sqliteAlarmWriter(db: Db) {
  const get = db.prepare<[string, string], AlarmRecord>(
    `SELECT ${COLUMNS} FROM alarms a WHERE a.station_id = ? AND a.alarm_id = ?`,
  );
  // Batches may arrive out of order: a clear may come before its raise, so both upsert.
  const raise = db.prepare(
    `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, raised_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (station_id, alarm_id) DO UPDATE SET rule = excluded.rule, device = excluded.device,
       detail = excluded.detail, raised_at = excluded.raised_at`,
  );
  const clear = db.prepare(
    `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, raised_at, cleared_at)
     VALUES (@stationId, @alarmId, @rule, @device, '', @at, @at)
     ON CONFLICT (station_id, alarm_id) DO UPDATE SET cleared_at = excluded.cleared_at`,
  );
  const acknowledge = db.prepare(
    'UPDATE alarms SET acked_at = ?, acked_by = ? WHERE station_id = ? AND alarm_id = ? AND acked_at IS NULL',
  );
  const count = db.prepare(
    `INSERT INTO alarm_counts (station_id, open, acknowledged, cleared, acked, ack_minutes, clear_minutes)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET open = open + excluded.open,
       acknowledged = acknowledged + excluded.acknowledged, cleared = cleared + excluded.cleared,
       acked = acked + excluded.acked, ack_minutes = ack_minutes + excluded.ack_minutes,
       clear_minutes = clear_minutes + excluded.clear_minutes`,
  );

  /** Runs a write and moves the alarm's share in alarm_counts from what it was to what it is. */
  const counted = (stationId: string, alarmId: string, write: () => void): AlarmRecord | undefined => {
    const before = alarmShare(get.get(stationId, alarmId));
    write();
    const record = get.get(stationId, alarmId);
    const after = alarmShare(record);
    if (after.some((n, i) => n !== before[i])) count.run(stationId, ...after.map((n, i) => n - before[i]!));
    return record;
  };

  return {
    raise: (change: AlarmChange & { detail: string }) =>
      counted(change.stationId, change.alarmId, () =>
        raise.run(change.stationId, change.alarmId, change.rule, change.device, change.detail, change.at),
      ),
    clear: (change: AlarmChange) => counted(change.stationId, change.alarmId, () => clear.run(change)),
    acknowledge: (stationId: string, alarmId: string, by: string, at: string) =>
      counted(stationId, alarmId, () => acknowledge.run(at, by, stationId, alarmId)),
  };
}

export function sqliteAlarmStore(db: Db): AlarmStore {
  const writer = sqliteAlarmWriter(db);
  const list = newestFirst<AlarmRecord>(db, {
    list: 'alarms',
    columns: COLUMNS,
    table: 'alarms a',
    key: ['a.raised_at', 'a.station_id', 'a.alarm_id'],
    keyOf: (a) => [a.raisedAt, a.stationId, a.alarmId],
  });
  const get = db.prepare<[string, string], AlarmRecord>(
    `SELECT ${COLUMNS} FROM alarms a WHERE a.station_id = ? AND a.alarm_id = ?`,
  );
  const allTime = db.prepare<Record<string, unknown>, AlarmCountsRow>(
    `SELECT sum(c.open) AS open, sum(c.acknowledged) AS acknowledged, sum(c.cleared) AS cleared,
       sum(c.acked) AS acked, sum(c.ack_minutes) AS ackMinutes, sum(c.clear_minutes) AS clearMinutes
     FROM alarm_counts c JOIN stations s ON s.id = c.station_id WHERE ${SCOPE}`,
  );
  const inRange = db.prepare<Record<string, unknown>, AlarmCountsRow>(
    `SELECT sum(a.cleared_at IS NULL AND a.acked_at IS NULL) AS open,
       sum(a.cleared_at IS NULL AND a.acked_at IS NOT NULL) AS acknowledged,
       sum(a.cleared_at IS NOT NULL) AS cleared, sum(a.acked_at IS NOT NULL) AS acked,
       sum((julianday(a.acked_at) - julianday(a.raised_at)) * 1440) AS ackMinutes,
       sum((julianday(a.cleared_at) - julianday(a.raised_at)) * 1440) AS clearMinutes
     FROM alarms a JOIN stations s ON s.id = a.station_id WHERE ${FILTER}`,
  );
  const filter = (q: Omit<AlarmQuery, 'status'>) => ({
    ...scopeParams(q),
    fromIso: q.fromIso ?? null,
    toIso: q.toIso ?? null,
  });
  const acknowledge = db.transaction(writer.acknowledge);

  return {
    list: async (q, page) => list(q, q.status && STATUS_IS[q.status], page),
    summary: async (q) => {
      const row = q.fromIso === undefined && q.toIso === undefined ? allTime.get(filter(q))! : inRange.get(filter(q))!;
      return summaryOf(row);
    },
    get: async (stationId, alarmId) => get.get(stationId, alarmId),
    acknowledge: async (stationId, alarmId, by, at) => acknowledge.immediate(stationId, alarmId, by, at),
  };
}
