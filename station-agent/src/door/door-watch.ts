/**
 * What happened after an unlock: did the lock answer, did the door actually open, is it held open too long.
 * Every unlock is a row in `door_unlocks`; the held-open alarm is a row in `door_alarms` and an outbox event,
 * so it survives restarts and reaches the hub.
 */
import { randomUUID } from 'node:crypto';
import type { DeviceState, DoorResult, LockOutcome } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { EventBus } from '../event-bus.ts';
import type { Outbox } from '../store/outbox.ts';

export const HELD_OPEN_RULE = 'door-held-open';

export interface DoorWatchDeps {
  db: Db;
  bus: EventBus;
  outbox: Outbox;
  now(): number;
  /** Undefined: the lock is not read back. */
  answerTimeoutMs: number | undefined;
  heldOpenMs: number;
  /** The `door` device to follow; undefined: any device of kind `door`. */
  contactDevice: string | undefined;
  /** An opening within this long after an unlock is that unlock's. */
  openWindowMs: number;
  /** The lock answered or stayed silent. */
  outcome(outcome: LockOutcome, result: Extract<DoorResult, { ok: true }>): void;
  /** Something for the hub changed (an alarm): sync soon. */
  changed(): void;
}

interface Pending {
  requestId: number;
  unlockId: number;
  result: Extract<DoorResult, { ok: true }>;
  timer: NodeJS.Timeout;
}

export class DoorWatch {
  private readonly pending: Pending[] = [];
  private heldOpenTimer: NodeJS.Timeout | undefined;
  /** Unknown until the contact reports: a restart must still clear an alarm when it first says closed. */
  private doorOpen: boolean | undefined;
  private offDevice: (() => void) | undefined;
  private readonly insertUnlock;
  private readonly setAnswer;
  private readonly setOpened;
  private readonly raise;
  private readonly clear;
  private readonly openAlarm;

  constructor(private readonly deps: DoorWatchDeps) {
    const { db, outbox } = deps;
    this.insertUnlock = db.prepare('INSERT INTO door_unlocks (visit_id, direction, commanded_at) VALUES (?, ?, ?)');
    this.setAnswer = db.prepare('UPDATE door_unlocks SET lock_answer = ?, answered_at = ? WHERE id = ?');
    this.setOpened = db.prepare(
      `UPDATE door_unlocks SET opened_at = @at WHERE id = (
         SELECT id FROM door_unlocks WHERE opened_at IS NULL AND commanded_at >= @since ORDER BY id DESC LIMIT 1)`,
    );
    this.openAlarm = db.prepare<[], { id: string; device: string }>(
      'SELECT id, device FROM door_alarms WHERE cleared_at IS NULL LIMIT 1',
    );
    const insertAlarm = db.prepare('INSERT INTO door_alarms (id, device, raised_at) VALUES (?, ?, ?)');
    const clearAlarm = db.prepare('UPDATE door_alarms SET cleared_at = ? WHERE id = ?');
    this.raise = db.transaction((device: string, at: Date, seconds: number) => {
      const alarmId = randomUUID();
      insertAlarm.run(alarmId, device, at.toISOString());
      outbox.append('alarm.raised', at, {
        alarmId,
        rule: HELD_OPEN_RULE,
        device,
        detail: `door open for more than ${seconds} s`,
      });
    });
    this.clear = db.transaction((alarm: { id: string; device: string }, at: Date) => {
      clearAlarm.run(at.toISOString(), alarm.id);
      outbox.append('alarm.cleared', at, { alarmId: alarm.id, rule: HELD_OPEN_RULE, device: alarm.device });
    });
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

  /** A device state from the bus; only the door contact matters here. */
  deviceChanged(state: DeviceState): void {
    if (state.kind !== 'door') return;
    if (this.deps.contactDevice !== undefined && state.device !== this.deps.contactDevice) return;
    const open = state.values.doorOpen;
    if (open === undefined || open === this.doorOpen) return;
    this.doorOpen = open;
    const now = this.deps.now();
    if (open) {
      this.setOpened.run({
        at: new Date(now).toISOString(),
        since: new Date(now - this.deps.openWindowMs).toISOString(),
      });
      this.heldOpenTimer = setTimeout(() => {
        this.heldOpenTimer = undefined;
        if (this.openAlarm.get()) return;
        this.raise(state.device, new Date(this.deps.now()), Math.round(this.deps.heldOpenMs / 1000));
        this.deps.changed();
      }, this.deps.heldOpenMs);
      return;
    }
    clearTimeout(this.heldOpenTimer);
    this.heldOpenTimer = undefined;
    const alarm = this.openAlarm.get();
    if (alarm) {
      this.clear(alarm, new Date(now));
      this.deps.changed();
    }
  }

  /** The open held-open alarm, if any (it survives restarts until the door is seen closed). */
  heldOpenAlarm(): { id: string; device: string } | undefined {
    return this.openAlarm.get();
  }

  start(): void {
    this.offDevice ??= this.deps.bus.on('device', (state) => this.deviceChanged(state));
  }

  stop(): void {
    this.offDevice?.();
    this.offDevice = undefined;
    for (const p of this.pending.splice(0)) clearTimeout(p.timer);
    clearTimeout(this.heldOpenTimer);
    this.heldOpenTimer = undefined;
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
