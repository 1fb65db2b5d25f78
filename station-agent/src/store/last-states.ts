/**
 * Each device's last state, kept as it goes out to the kiosk (at most once a second per device), so that after a
 * restart the kiosk shows what was last known instead of "unknown" until the device next reports (five minutes
 * for a Tasmota plug, an hour for a battery sensor).
 */
import { type DeviceState, deviceState } from '@yizhan/shared';
import type { Db } from '../db/open.ts';

export class LastStates {
  private readonly upsert;
  private readonly all;

  /** `failed` hears of a write that did not happen (a full disk): the state is only not kept for a restart. */
  constructor(
    db: Db,
    private readonly failed: (error: Error) => void,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO device_last_state (device, json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (device) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    );
    this.all = db.prepare<[], { json: string }>('SELECT json FROM device_last_state');
  }

  /** Keeps a state that says something (a device never heard from has nothing worth keeping). */
  save(state: DeviceState): void {
    if (state.updatedAt === null) return;
    try {
      this.upsert.run(state.device, JSON.stringify(state), state.updatedAt);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  /** The kept states by device; a row that does not read as a state (a file edited by hand) is left out. */
  load(): Map<string, DeviceState> {
    const states = new Map<string, DeviceState>();
    for (const row of this.all.all()) {
      try {
        const parsed = deviceState.safeParse(JSON.parse(row.json));
        if (parsed.success) states.set(parsed.data.device, parsed.data);
      } catch {
        // Not JSON: as if it had not been kept.
      }
    }
    return states;
  }
}
