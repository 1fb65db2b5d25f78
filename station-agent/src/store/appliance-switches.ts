/** Each switch of an appliance plug the office or the opening hours made, and the last one of each device. */
import type { SwitchedOff } from '@yizhan/shared';
import type { Db } from '../db/open.ts';

/** `by`: the operator's name for the office, or `opening-hours` for autoOff. */
export const BY_OPENING_HOURS = 'opening-hours';

export class ApplianceSwitches {
  private readonly record: (device: string, on: boolean, by: string, at: string) => void;
  private readonly offRows;
  private readonly lastOf;

  constructor(db: Db) {
    const upsert = db.prepare(
      `INSERT INTO appliance_power (device, power_on, by, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET power_on = excluded.power_on, by = excluded.by, at = excluded.at`,
    );
    const log = db.prepare('INSERT INTO appliance_switches (device, power_on, by, at) VALUES (?, ?, ?, ?)');
    this.record = db.transaction((device: string, on: boolean, by: string, at: string) => {
      upsert.run(device, on ? 1 : 0, by, at);
      log.run(device, on ? 1 : 0, by, at);
    });
    this.offRows = db.prepare<[], { device: string; by: string; at: string }>(
      'SELECT device, by, at FROM appliance_power WHERE power_on = 0 ORDER BY device',
    );
    this.lastOf = db.prepare<[string], { power_on: number; by: string }>(
      'SELECT power_on, by FROM appliance_power WHERE device = ?',
    );
  }

  switched(device: string, on: boolean, by: string, at: Date): void {
    this.record(device, on, by, at.toISOString());
  }

  /** The last switch of a device, if anyone switched it. */
  last(device: string): { on: boolean; by: string } | undefined {
    const row = this.lastOf.get(device);
    return row && { on: row.power_on === 1, by: row.by };
  }

  /** Appliances switched off now, and by whom: the kiosk shows them so. */
  switchedOff(): SwitchedOff[] {
    return this.offRows.all().map((r) => ({
      device: r.device,
      by: r.by === BY_OPENING_HOURS ? 'opening-hours' : 'office',
      at: r.at,
    }));
  }
}
