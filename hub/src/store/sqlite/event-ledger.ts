import type { OutboxEvent, ScanRejection } from '@yizhan/shared';
import type { Db } from '../../db/open-database.ts';
import type { DailyVisitCount, DatedEvent, EventLedger } from '../hub-store.ts';

export function sqliteEventLedger(db: Db): EventLedger {
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (station_id, epoch, seq, type, at, body, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const countVisit = db.prepare(
    `INSERT INTO daily_visits (station_id, day, category, method, count) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (station_id, day, category, method) DO UPDATE SET count = count + 1`,
  );
  const countRejection = db.prepare(
    `INSERT INTO daily_rejections (station_id, day, reason, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (station_id, day, reason) DO UPDATE SET count = count + 1`,
  );
  const getCursor = db.prepare<[string, string], { ack_seq: number }>(
    'SELECT ack_seq FROM sync_cursors WHERE station_id = ? AND epoch = ?',
  );
  const heldAfter = db.prepare<[string, string, number], { seq: number }>(
    'SELECT seq FROM events WHERE station_id = ? AND epoch = ? AND seq > ? ORDER BY seq',
  );
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

  const aggregate = (stationId: string, day: string, event: OutboxEvent): void => {
    if (event.type === 'visit.started') countVisit.run(stationId, day, event.body.category, event.body.method);
    else if (event.type === 'scan.rejected') countRejection.run(stationId, day, event.body.reason);
  };

  const ackSeq = (stationId: string, epoch: string): number => getCursor.get(stationId, epoch)?.ack_seq ?? 0;

  /** Walks the held seqs past the cursor and stops at the first gap: a gap is never acked past. */
  const advance = (stationId: string, epoch: string, at: string): number => {
    const from = ackSeq(stationId, epoch);
    let ack = from;
    for (const { seq } of heldAfter.iterate(stationId, epoch, from)) {
      if (seq !== ack + 1) break;
      ack = seq;
    }
    if (ack !== from || !getCursor.get(stationId, epoch)) putCursor.run(stationId, epoch, ack, at);
    return ack;
  };

  const ingest = db.transaction(
    (stationId: string, epoch: string, events: readonly DatedEvent[], receivedAt: string) => {
      let inserted = 0;
      for (const { event, day } of events) {
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
          aggregate(stationId, day, event);
        }
      }
      const ack = advance(stationId, epoch, receivedAt);
      markSeen.run(receivedAt, stationId);
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
