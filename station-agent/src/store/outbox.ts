/**
 * The outbox: every fact the hub must learn, numbered within this database's epoch.
 * `append` is called inside the transaction that writes the fact itself, so both or neither exist.
 */
import { randomBytes } from 'node:crypto';
import { type EventBody, type EventType, eventBodies, type OutboxEvent } from '@yizhan/shared';
import type { Db } from '../db/open.ts';

export class Outbox {
  readonly epoch: string;
  private readonly insert;
  private readonly selectPending;
  private readonly markAcked;
  private readonly countPending;
  private readonly oldestPending;
  private readonly prune;

  /**
   * `appended` hears of each event as it is appended, inside the writer's transaction: its listener may only
   * schedule work (the sync nudge), which then runs after the commit.
   */
  constructor(
    private readonly db: Db,
    private readonly appended: (type: EventType) => void = () => {},
  ) {
    this.epoch = loadEpoch(db);
    this.insert = db.prepare('INSERT INTO outbox (type, at, body) VALUES (?, ?, ?)');
    this.selectPending = db.prepare<[number], { seq: number; type: string; at: string; body: string }>(
      'SELECT seq, type, at, body FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?',
    );
    this.markAcked = db.prepare('UPDATE outbox SET acked_at = ? WHERE seq <= ? AND acked_at IS NULL');
    this.countPending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL');
    this.oldestPending = db
      .prepare<[], string>('SELECT at FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT 1')
      .pluck();
    this.prune = db.prepare('DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < ?');
  }

  /** Must run inside the caller's transaction. Returns the event's seq. */
  append<T extends EventType>(type: T, at: Date, body: EventBody<T>): number {
    const checked = eventBodies[type].parse(body);
    const seq = Number(this.insert.run(type, at.toISOString(), JSON.stringify(checked)).lastInsertRowid);
    this.appended(type);
    return seq;
  }

  pending(limit: number): OutboxEvent[] {
    return this.selectPending
      .all(limit)
      .map((r) => ({ epoch: this.epoch, seq: r.seq, type: r.type, at: r.at, body: JSON.parse(r.body) }) as OutboxEvent);
  }

  pendingCount(): number {
    return this.countPending.get()!.n;
  }

  /** The time of the oldest event the hub has not acknowledged (ISO); undefined when all are. */
  oldestPendingAt(): string | undefined {
    return this.oldestPending.get();
  }

  /** The hub holds every seq up to `ackSeq`; acked rows stay for `retention` before they are dropped. */
  acknowledge(ackSeq: number, now: Date, retentionMs: number): void {
    this.db.transaction(() => {
      this.markAcked.run(now.toISOString(), ackSeq);
      this.prune.run(new Date(now.getTime() - retentionMs).toISOString());
    })();
  }
}

function loadEpoch(db: Db): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'epoch'").get();
  if (row) return row.value;
  const epoch = randomBytes(9).toString('base64url');
  db.prepare("INSERT INTO meta (key, value) VALUES ('epoch', ?)").run(epoch);
  return epoch;
}
