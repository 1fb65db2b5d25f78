/**
 * Alarms as rows: open ones (no `cleared_at`) survive a restart. Raising and clearing each write the
 * row and its outbox event in one transaction.
 */
import type { AlarmFacts } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { Outbox } from './outbox.ts';

export interface StoredAlarm {
  alarmId: string;
  rule: string;
  device?: string | undefined;
  detail: string;
  /** What was measured when it was raised; sent with the raise only, so not kept in the row. */
  facts?: AlarmFacts;
  raisedAt: string;
}

interface AlarmRow {
  id: string;
  rule: string;
  device: string | null;
  detail: string;
  raised_at: string;
}

export class AlarmStore {
  private readonly selectOpen;
  private readonly insert;
  private readonly close;
  readonly raise: (alarm: StoredAlarm) => void;
  readonly clear: (alarm: StoredAlarm, at: Date) => void;

  constructor(db: Db, outbox: Outbox) {
    this.selectOpen = db.prepare<[], AlarmRow>(
      'SELECT id, rule, device, detail, raised_at FROM alarms WHERE cleared_at IS NULL ORDER BY raised_at',
    );
    this.insert = db.prepare('INSERT INTO alarms (id, rule, device, detail, raised_at) VALUES (?, ?, ?, ?, ?)');
    this.close = db.prepare('UPDATE alarms SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL');
    this.raise = db.transaction((alarm: StoredAlarm) => {
      this.insert.run(alarm.alarmId, alarm.rule, alarm.device ?? null, alarm.detail, alarm.raisedAt);
      outbox.append('alarm.raised', new Date(alarm.raisedAt), {
        alarmId: alarm.alarmId,
        rule: alarm.rule,
        ...(alarm.device ? { device: alarm.device } : {}),
        detail: alarm.detail,
        ...(alarm.facts ? { facts: alarm.facts } : {}),
      });
    });
    this.clear = db.transaction((alarm: StoredAlarm, at: Date) => {
      this.close.run(at.toISOString(), alarm.alarmId);
      outbox.append('alarm.cleared', at, {
        alarmId: alarm.alarmId,
        rule: alarm.rule,
        ...(alarm.device ? { device: alarm.device } : {}),
      });
    });
  }

  open(): StoredAlarm[] {
    return this.selectOpen.all().map((r) => ({
      alarmId: r.id,
      rule: r.rule,
      ...(r.device ? { device: r.device } : {}),
      detail: r.detail,
      raisedAt: r.raised_at,
    }));
  }
}
