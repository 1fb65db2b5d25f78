import { newestFirst } from '../sqlite/newest-first.ts';
import type { Db } from '../sqlite/open-database.ts';
import { SCOPE, scopeParams } from '../sqlite/scope.ts';
import { type AlarmChange, type AlarmCountsRow, type AlarmRaise, alarmShare, summaryOf } from './counts.ts';
import type { AlarmRecord, AlarmStatus } from './schema.ts';
import { SILENT_RULE } from './silent.ts';
import type { AlarmQuery, AlarmStore } from './store.ts';

const COLUMNS = `a.station_id AS stationId, a.alarm_id AS alarmId, a.rule, a.device, a.detail, a.facts,
  a.raised_at AS raisedAt, a.acked_at AS ackedAt, a.acked_by AS ackedBy, a.cleared_at AS clearedAt,
  a.escalated_at AS escalatedAt`;

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
    `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, facts, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (station_id, alarm_id) DO UPDATE SET rule = excluded.rule, device = excluded.device,
       detail = excluded.detail, facts = excluded.facts, raised_at = excluded.raised_at`,
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
    raise: (change: AlarmRaise) =>
      counted(change.stationId, change.alarmId, () =>
        raise.run(change.stationId, change.alarmId, change.rule, change.device, change.detail, change.facts, change.at),
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
  const raise = db.transaction(writer.raise);
  const clear = db.transaction(writer.clear);
  const silentStations = db.prepare<[string, string], { stationId: string; lastSeenAt: string | null }>(
    `SELECT s.id AS stationId, s.last_seen_at AS lastSeenAt FROM stations s
     WHERE s.retired_at IS NULL AND (s.last_seen_at < ? OR (s.last_seen_at IS NULL AND s.created_at < ?))
       AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.station_id = s.id AND a.cleared_at IS NULL
                       AND a.rule = '${SILENT_RULE}')
     ORDER BY s.id`,
  );
  const silentHeardAgain = db.prepare<[], { stationId: string; alarmId: string }>(
    `SELECT a.station_id AS stationId, a.alarm_id AS alarmId FROM alarms a JOIN stations s ON s.id = a.station_id
     WHERE a.rule = '${SILENT_RULE}' AND a.cleared_at IS NULL AND s.last_seen_at > a.raised_at`,
  );
  const escalate = db.prepare<[string, string], AlarmRecord>(
    `UPDATE alarms SET escalated_at = ?
     WHERE cleared_at IS NULL AND acked_at IS NULL AND escalated_at IS NULL AND raised_at < ?
     RETURNING ${COLUMNS.replaceAll('a.', '')}`,
  );
  const queueRaised = db.prepare(
    `INSERT INTO alarm_notices (station_id, alarm_id, kind, due_at)
     SELECT a.station_id, a.alarm_id, 'raised', ? FROM alarms a WHERE a.raised_at >= ? AND a.cleared_at IS NULL
     ON CONFLICT DO NOTHING`,
  );
  const queueOne = db.prepare(
    `INSERT INTO alarm_notices (station_id, alarm_id, kind, due_at) VALUES (?, ?, 'escalated', ?) ON CONFLICT DO NOTHING`,
  );
  const queueEscalated = db.transaction((alarms: readonly { stationId: string; alarmId: string }[], at: string) => {
    for (const a of alarms) queueOne.run(a.stationId, a.alarmId, at);
  });
  const due = db.prepare<[string, number, number], AlarmRecord & { kind: 'raised' | 'escalated'; attempts: number }>(
    `SELECT n.kind, n.attempts, ${COLUMNS} FROM alarm_notices n
       JOIN alarms a ON a.station_id = n.station_id AND a.alarm_id = n.alarm_id
     WHERE n.sent_at IS NULL AND n.due_at <= ? AND n.attempts < ? ORDER BY n.due_at, n.station_id, n.alarm_id LIMIT ?`,
  );
  const sent = db.prepare(
    'UPDATE alarm_notices SET sent_at = ?, attempts = attempts + 1 WHERE station_id = ? AND alarm_id = ? AND kind = ?',
  );
  const failed = db.prepare(
    `UPDATE alarm_notices SET due_at = ?, attempts = attempts + 1, last_error = ?
     WHERE station_id = ? AND alarm_id = ? AND kind = ?`,
  );

  return {
    list: async (q, page) => list(q, q.status && STATUS_IS[q.status], page),
    summary: async (q) => {
      const row = q.fromIso === undefined && q.toIso === undefined ? allTime.get(filter(q))! : inRange.get(filter(q))!;
      return summaryOf(row);
    },
    get: async (stationId, alarmId) => get.get(stationId, alarmId),
    acknowledge: async (stationId, alarmId, by, at) => acknowledge.immediate(stationId, alarmId, by, at),
    raise: async (change) => raise.immediate(change),
    clear: async (change) => clear.immediate(change),
    silentStations: async (before) => silentStations.all(before, before),
    silentHeardAgain: async () => silentHeardAgain.all(),
    escalate: async (before, at) => escalate.all(at, before),
    queueRaisedNotices: async (since, at) => {
      queueRaised.run(at, since);
    },
    queueEscalatedNotices: async (alarms, at) => queueEscalated.immediate(alarms, at),
    dueNotices: async (now, maxAttempts, limit) =>
      due.all(now, maxAttempts, limit).map(({ kind, attempts, ...alarm }) => ({
        stationId: alarm.stationId,
        alarmId: alarm.alarmId,
        kind,
        attempts,
        alarm,
      })),
    noticeSent: async (n, at) => {
      sent.run(at, n.stationId, n.alarmId, n.kind);
    },
    noticeFailed: async (n, retryAt, error) => {
      failed.run(retryAt, error.slice(0, 500), n.stationId, n.alarmId, n.kind);
    },
  };
}
