/**
 * The office names a station's devices by the station config's labels: the list goes to the hub as a
 * `station.devices` event when it differs from the one last sent (the first start, a changed config), so a
 * restart with the same config adds nothing to the outbox.
 */
import type { DescribedDevice } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { Outbox } from './outbox.ts';

const KEY = 'devices-described';

export class DeviceCatalog {
  readonly announce: (devices: readonly DescribedDevice[], at: Date) => boolean;

  constructor(db: Db, outbox: Outbox) {
    const last = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    const keep = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    /** True when the list was new and has been queued for the hub. */
    this.announce = db.transaction((devices: readonly DescribedDevice[], at: Date): boolean => {
      const json = JSON.stringify(devices);
      if (last.get(KEY)?.value === json) return false;
      keep.run(KEY, json);
      outbox.append('station.devices', at, { devices: [...devices] });
      return true;
    });
  }
}
