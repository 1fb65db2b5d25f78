/**
 * What happened after an unlock: did the lock answer, did the door actually open. Every unlock is a row in
 * `door_unlocks`. (The door held open too long is an alarm rule like the others: alarms/alarm-rules.ts.)
 */
import type { DeviceState, DoorResult, LockOutcome } from '@yizhan/shared';
import type { Db } from '../db/open.ts';

export interface DoorWatchDeps {
  db: Db;
  now(): number;
  /** Undefined: the lock is not read back. */
  answerTimeoutMs: number | undefined;
  /** The `door` device to follow; undefined: the station has no door contact. */
  contactDevice: string | undefined;
  /** An opening within this long after an unlock is that unlock's. */
  openWindowMs: number;
  /** The lock answered or stayed silent. */
  outcome(outcome: LockOutcome, result: Extract<DoorResult, { ok: true }>): void;
}

interface Pending {
  requestId: number;
  unlockId: number;
  result: Extract<DoorResult, { ok: true }>;
  timer: NodeJS.Timeout;
}

export class DoorWatch {
  private readonly pending: Pending[] = [];
  private doorOpen: boolean | undefined;
  private readonly insertUnlock;
  private readonly setAnswer;
  private readonly setOpened;

  constructor(private readonly deps: DoorWatchDeps) {
    const { db } = deps;
    this.insertUnlock = db.prepare('INSERT INTO door_unlocks (visit_id, direction, commanded_at) VALUES (?, ?, ?)');
    this.setAnswer = db.prepare('UPDATE door_unlocks SET lock_answer = ?, answered_at = ? WHERE id = ?');
    this.setOpened = db.prepare(
      `UPDATE door_unlocks SET opened_at = @at WHERE id = (
         SELECT id FROM door_unlocks WHERE opened_at IS NULL AND commanded_at >= @since ORDER BY id DESC LIMIT 1)`,
    );
  }

  /** Called once the unlock command is with the broker. */
  commanded(requestId: number, result: Extract<DoorResult, { ok: true }>): void {
    const at = new Date(this.deps.now());
    const unlockId = Number(
      this.insertUnlock.run(result.visitId, result.direction === 'out' ? 'out' : 'in', at.toISOString())
        .lastInsertRowid,
    );
    const timeoutMs = this.deps.answerTimeoutMs;
    if (timeoutMs === undefined) return;
    const pending: Pending = {
      requestId,
      unlockId,
      result,
      timer: setTimeout(() => this.settle(pending, 'no-answer'), timeoutMs),
    };
    this.pending.push(pending);
  }

  /** A confirmation from the lock: the request it names, else the oldest one still waiting. */
  answered(answer: { requestId?: number; visitId?: string }): void {
    const pending =
      answer.requestId !== undefined
        ? this.pending.find((p) => p.requestId === answer.requestId)
        : answer.visitId !== undefined
          ? this.pending.find((p) => p.result.visitId === answer.visitId)
          : this.pending[0];
    if (pending) this.settle(pending, 'confirmed');
  }

  /** A device's change; only the door contact matters here. */
  deviceChanged(state: DeviceState): void {
    if (state.device !== this.deps.contactDevice) return;
    const open = state.values.doorOpen;
    if (open === undefined || open === this.doorOpen) return;
    this.doorOpen = open;
    if (!open) return;
    const now = this.deps.now();
    this.setOpened.run({
      at: new Date(now).toISOString(),
      since: new Date(now - this.deps.openWindowMs).toISOString(),
    });
  }

  /** Forgets the unlocks still waiting for an answer. */
  stop(): void {
    for (const p of this.pending.splice(0)) clearTimeout(p.timer);
  }

  private settle(pending: Pending, lock: LockOutcome['lock']): void {
    const index = this.pending.indexOf(pending);
    if (index < 0) return;
    this.pending.splice(index, 1);
    clearTimeout(pending.timer);
    const at = new Date(this.deps.now());
    this.setAnswer.run(lock, at.toISOString(), pending.unlockId);
    this.deps.outcome({ visitId: pending.result.visitId, lock, at: at.toISOString() }, pending.result);
  }
}
