import { decodeCursor, pageOf } from '../paging.ts';
import { areaOfStation, bumpArea } from '../postgres/area-totals.ts';
import { Params, scopeSql } from '../postgres/params.ts';
import { one, type Pg, type Sql } from '../postgres/sql.ts';
import { type AlarmChange, type AlarmCountsRow, type AlarmRaise, alarmShare, summaryOf } from './counts.ts';
import type { AlarmRecord } from './schema.ts';
import { SILENT_RULE } from './silent.ts';
import type { AlarmQuery, AlarmStore } from './store.ts';

const COLUMNS = `a.station_id AS "stationId", a.alarm_id AS "alarmId", a.rule, a.device, a.detail, a.facts,
  a.raised_at AS "raisedAt", a.acked_at AS "ackedAt", a.acked_by AS "ackedBy", a.cleared_at AS "clearedAt",
  a.escalated_at AS "escalatedAt"`;

function filterSql(p: Params, q: Omit<AlarmQuery, 'status'>): string {
  const from = p.add(q.fromIso ?? null);
  const to = p.add(q.toIso ?? null);
  return `${scopeSql(p, q)} AND (${from}::text IS NULL OR a.raised_at >= ${from})
    AND (${to}::text IS NULL OR a.raised_at < ${to})`;
}

const STATUS_SQL = {
  open: 'a.cleared_at IS NULL AND a.acked_at IS NULL',
  acknowledged: 'a.cleared_at IS NULL AND a.acked_at IS NOT NULL',
  cleared: 'a.cleared_at IS NOT NULL',
} as const;

/**
 * Every write to the alarms table on PostgreSQL, for the sync ingest and the acknowledge route alike, each
 * keeping the station's alarm_counts in step. Runs inside the caller's transaction; the alarm's row is locked
 * first, so two hub processes changing one alarm at once take turns and the counts stay exact. Each write
 * answers how many open alarms (acknowledged or not) it added: the caller adds that to the area's kept
 * totals, once, last (so every transaction meets area rows in one order).
 */
export function postgresAlarmWriter(sql: Sql) {
  const locked = (stationId: string, alarmId: string) =>
    one<AlarmRecord>(sql, `SELECT ${COLUMNS} FROM alarms a WHERE a.station_id = $1 AND a.alarm_id = $2 FOR UPDATE`, [
      stationId,
      alarmId,
    ]);
  const counted = async (stationId: string, alarmId: string, write: () => Promise<unknown>) => {
    const before = alarmShare(await locked(stationId, alarmId));
    await write();
    const record = await locked(stationId, alarmId);
    const delta = alarmShare(record).map((n, i) => n - before[i]!);
    if (delta.some((n) => n !== 0)) {
      await sql.query(
        `INSERT INTO alarm_counts AS c (station_id, open, acknowledged, cleared, acked, ack_minutes, clear_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (station_id) DO UPDATE SET open = c.open + excluded.open,
           acknowledged = c.acknowledged + excluded.acknowledged, cleared = c.cleared + excluded.cleared,
           acked = c.acked + excluded.acked, ack_minutes = c.ack_minutes + excluded.ack_minutes,
           clear_minutes = c.clear_minutes + excluded.clear_minutes`,
        [stationId, ...delta],
      );
    }
    return { record, openAdded: delta[0]! + delta[1]! };
  };
  return {
    // Batches may arrive out of order: a clear may come before its raise, so both upsert.
    raise: (c: AlarmRaise) =>
      counted(c.stationId, c.alarmId, () =>
        sql.query(
          `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, facts, raised_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (station_id, alarm_id) DO UPDATE SET rule = excluded.rule, device = excluded.device,
             detail = excluded.detail, facts = excluded.facts, raised_at = excluded.raised_at`,
          [c.stationId, c.alarmId, c.rule, c.device, c.detail, c.facts, c.at],
        ),
      ),
    clear: (c: AlarmChange) =>
      counted(c.stationId, c.alarmId, () =>
        sql.query(
          `INSERT INTO alarms (station_id, alarm_id, rule, device, detail, raised_at, cleared_at)
           VALUES ($1, $2, $3, $4, '', $5, $5)
           ON CONFLICT (station_id, alarm_id) DO UPDATE SET cleared_at = excluded.cleared_at`,
          [c.stationId, c.alarmId, c.rule, c.device, c.at],
        ),
      ),
    acknowledge: async (stationId: string, alarmId: string, by: string, at: string) => {
      // An alarm whose raise is still being written by another transaction is not there to acknowledge: without
      // this, its UPDATE would find the row committed meanwhile and count the acknowledgement from "no alarm".
      if (!(await locked(stationId, alarmId))) return { record: undefined, openAdded: 0 };
      return counted(stationId, alarmId, () =>
        sql.query(
          'UPDATE alarms SET acked_at = $1, acked_by = $2 WHERE station_id = $3 AND alarm_id = $4 AND acked_at IS NULL',
          [at, by, stationId, alarmId],
        ),
      );
    },
  };
}

export function postgresAlarmStore(pg: Pg): AlarmStore {
  const { sql } = pg;
  /** One write through the writer, with the open alarms it added moved in the area's kept totals. */
  const counted = (
    stationId: string,
    write: (
      writer: ReturnType<typeof postgresAlarmWriter>,
    ) => Promise<{ record: AlarmRecord | undefined; openAdded: number }>,
  ) =>
    pg.atomic(async (tx) => {
      const { record, openAdded } = await write(postgresAlarmWriter(tx));
      // Open alarms in the area's kept totals: a retired station is counted in none.
      const area = await areaOfStation(tx, stationId);
      if (area && !area.retired && openAdded !== 0) await bumpArea(tx, area, { openAlarms: openAdded });
      return record;
    });
  return {
    list: async (q, page) => {
      const p = new Params();
      const filter = filterSql(p, q);
      let after = 'TRUE';
      if (page.before) {
        const [raised, station, id] = decodeCursor('alarms', page.before, ['string', 'string', 'string']);
        after = `(a.raised_at, a.station_id, a.alarm_id) < (${p.add(raised)}, ${p.add(station)}, ${p.add(id)})`;
      }
      const { rows } = await sql.query<AlarmRecord>(
        `SELECT ${COLUMNS} FROM alarms a JOIN stations s ON s.id = a.station_id
         WHERE ${filter} AND ${q.status ? STATUS_SQL[q.status] : 'TRUE'} AND ${after}
         ORDER BY a.raised_at DESC, a.station_id DESC, a.alarm_id DESC LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf('alarms', rows, page.limit, (a) => [a.raisedAt, a.stationId, a.alarmId]);
    },
    summary: async (q) => {
      const p = new Params();
      if (q.fromIso === undefined && q.toIso === undefined) {
        const row = await one<AlarmCountsRow>(
          sql,
          `SELECT sum(c.open) AS open, sum(c.acknowledged) AS acknowledged, sum(c.cleared) AS cleared,
             sum(c.acked) AS acked, sum(c.ack_minutes) AS "ackMinutes", sum(c.clear_minutes) AS "clearMinutes"
           FROM alarm_counts c JOIN stations s ON s.id = c.station_id WHERE ${scopeSql(p, q)}`,
          p.values,
        );
        return summaryOf(row!);
      }
      const minutes = (column: string) =>
        `sum(extract(epoch FROM (${column}::timestamptz - a.raised_at::timestamptz)) / 60)`;
      const row = await one<AlarmCountsRow>(
        sql,
        `SELECT count(*) FILTER (WHERE ${STATUS_SQL.open}) AS open,
           count(*) FILTER (WHERE ${STATUS_SQL.acknowledged}) AS acknowledged,
           count(*) FILTER (WHERE ${STATUS_SQL.cleared}) AS cleared, count(a.acked_at) AS acked,
           ${minutes('a.acked_at')} AS "ackMinutes", ${minutes('a.cleared_at')} AS "clearMinutes"
         FROM alarms a JOIN stations s ON s.id = a.station_id WHERE ${filterSql(p, q)}`,
        p.values,
      );
      return summaryOf(row!);
    },
    get: (stationId, alarmId) =>
      one<AlarmRecord>(sql, `SELECT ${COLUMNS} FROM alarms a WHERE a.station_id = $1 AND a.alarm_id = $2`, [
        stationId,
        alarmId,
      ]),
    acknowledge: (stationId, alarmId, by, at) =>
      counted(stationId, (writer) => writer.acknowledge(stationId, alarmId, by, at)),
    raise: (change) => counted(change.stationId, (writer) => writer.raise(change)),
    clear: (change) => counted(change.stationId, (writer) => writer.clear(change)),
    silentStations: async (before) =>
      (
        await sql.query<{ stationId: string; lastSeenAt: string | null }>(
          `SELECT s.id AS "stationId", s.last_seen_at AS "lastSeenAt" FROM stations s
           WHERE s.retired_at IS NULL AND (s.last_seen_at < $1 OR (s.last_seen_at IS NULL AND s.created_at < $1))
             AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.station_id = s.id AND a.cleared_at IS NULL
                             AND a.rule = '${SILENT_RULE}')
           ORDER BY s.id`,
          [before],
        )
      ).rows,
    silentHeardAgain: async () =>
      (
        await sql.query<{ stationId: string; alarmId: string }>(
          `SELECT a.station_id AS "stationId", a.alarm_id AS "alarmId" FROM alarms a JOIN stations s ON s.id = a.station_id
           WHERE a.rule = '${SILENT_RULE}' AND a.cleared_at IS NULL AND s.last_seen_at > a.raised_at`,
        )
      ).rows,
    escalate: async (before, at) =>
      (
        await sql.query<AlarmRecord>(
          `UPDATE alarms a SET escalated_at = $1
           WHERE a.cleared_at IS NULL AND a.acked_at IS NULL AND a.escalated_at IS NULL AND a.raised_at < $2
           RETURNING ${COLUMNS}`,
          [at, before],
        )
      ).rows,
    queueRaisedNotices: async (since, at) => {
      await sql.query(
        `INSERT INTO alarm_notices (station_id, alarm_id, kind, due_at)
         SELECT a.station_id, a.alarm_id, 'raised', $1 FROM alarms a WHERE a.raised_at >= $2 AND a.cleared_at IS NULL
         ON CONFLICT DO NOTHING`,
        [at, since],
      );
    },
    queueEscalatedNotices: async (alarms, at) => {
      if (alarms.length === 0) return;
      await sql.query(
        `INSERT INTO alarm_notices (station_id, alarm_id, kind, due_at)
         SELECT s, a, 'escalated', $3 FROM unnest($1::text[], $2::text[]) AS t (s, a) ON CONFLICT DO NOTHING`,
        [alarms.map((a) => a.stationId), alarms.map((a) => a.alarmId), at],
      );
    },
    dueNotices: async (now, maxAttempts, limit) =>
      (
        await sql.query<AlarmRecord & { kind: 'raised' | 'escalated'; attempts: number }>(
          `SELECT n.kind, n.attempts, ${COLUMNS} FROM alarm_notices n
             JOIN alarms a ON a.station_id = n.station_id AND a.alarm_id = n.alarm_id
           WHERE n.sent_at IS NULL AND n.due_at <= $1 AND n.attempts < $2
           ORDER BY n.due_at, n.station_id, n.alarm_id LIMIT $3`,
          [now, maxAttempts, limit],
        )
      ).rows.map(({ kind, attempts, ...alarm }) => ({
        stationId: alarm.stationId,
        alarmId: alarm.alarmId,
        kind,
        attempts,
        alarm,
      })),
    noticeSent: async (n, at) => {
      await sql.query(
        'UPDATE alarm_notices SET sent_at = $1, attempts = attempts + 1 WHERE station_id = $2 AND alarm_id = $3 AND kind = $4',
        [at, n.stationId, n.alarmId, n.kind],
      );
    },
    noticeFailed: async (n, retryAt, error) => {
      await sql.query(
        `UPDATE alarm_notices SET due_at = $1, attempts = attempts + 1, last_error = $2
         WHERE station_id = $3 AND alarm_id = $4 AND kind = $5`,
        [retryAt, error.slice(0, 500), n.stationId, n.alarmId, n.kind],
      );
    },
  };
}
