/**
 * Facts about devices the hub must learn: appliance sessions and availability changes, each written
 * with its outbox event in one transaction.
 */
import { localDayOf } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { Outbox } from './outbox.ts';

export class DeviceFacts {
  /** Returns whether the change was new (and so written). */
  readonly availability: (device: string, online: boolean, at: Date) => boolean;
  readonly session: (device: string, startedAt: Date, endedAt: Date) => void;
  private readonly sessionsPerDay;

  constructor(db: Db, outbox: Outbox) {
    const insertSession = db.prepare(
      'INSERT INTO appliance_sessions (device, started_at, ended_at, seconds) VALUES (?, ?, ?, ?)',
    );
    const lastAvailability = db.prepare<[string], { online: number }>(
      'SELECT online FROM device_availability WHERE device = ?',
    );
    const upsertAvailability = db.prepare(
      `INSERT INTO device_availability (device, online, at) VALUES (?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET online = excluded.online, at = excluded.at`,
    );
    this.sessionsPerDay = db.prepare<[string, string, string], { started_at: string; seconds: number }>(
      `SELECT started_at, seconds FROM appliance_sessions
       WHERE device = ? AND started_at >= ? AND started_at < ? ORDER BY started_at`,
    );

    this.session = db.transaction((device: string, startedAt: Date, endedAt: Date) => {
      const seconds = (endedAt.getTime() - startedAt.getTime()) / 1000;
      const startedIso = startedAt.toISOString();
      const endedIso = endedAt.toISOString();
      insertSession.run(device, startedIso, endedIso, seconds);
      outbox.append('appliance.session', endedAt, { device, startedAt: startedIso, endedAt: endedIso, seconds });
    });
    this.availability = db.transaction((device: string, online: boolean, at: Date) => {
      const last = lastAvailability.get(device);
      if (last && last.online === (online ? 1 : 0)) return false;
      upsertAvailability.run(device, online ? 1 : 0, at.toISOString());
      outbox.append('device.availability', at, { device, online });
      return true;
    });
  }

  /** Sessions and their total seconds per day of the station's zone, for sessions started in [from, to). */
  sessionsByDay(
    device: string,
    from: Date,
    to: Date,
    timezone: string,
  ): { day: string; sessions: number; seconds: number }[] {
    const dayOf = localDayOf(timezone);
    const days = new Map<string, { day: string; sessions: number; seconds: number }>();
    for (const r of this.sessionsPerDay.all(device, from.toISOString(), to.toISOString())) {
      const day = dayOf(r.started_at);
      const d = days.get(day) ?? { day, sessions: 0, seconds: 0 };
      d.sessions++;
      d.seconds += r.seconds;
      days.set(day, d);
    }
    return [...days.values()];
  }
}
