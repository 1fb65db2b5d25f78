import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../src/db/open.ts';
import { DeviceCatalog } from '../../src/store/device-catalog.ts';
import { Outbox } from '../../src/store/outbox.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the device list for the office', () => {
  it('is queued once per distinct list: a restart with the same config adds nothing, a changed one does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yz-catalog-'));
    dirs.push(dir);
    const path = join(dir, 'station.db');
    const devices = [
      { id: 'microwave', kind: 'appliance' as const, label: { zh: '微波炉', en: 'Microwave' } },
      { id: 'rest-area', kind: 'presence' as const },
    ];
    const at = new Date('2026-12-01T01:00:00.000Z');
    const start = () => {
      const db = openStationDatabase(path);
      const outbox = new Outbox(db);
      return { db, outbox, catalog: new DeviceCatalog(db, outbox) };
    };

    const first = start();
    expect(first.catalog.announce(devices, at)).toBe(true);
    expect(first.catalog.announce(devices, at)).toBe(false);
    first.db.close();

    const again = start();
    expect(again.catalog.announce(devices, at)).toBe(false);
    const relabelled = [{ ...devices[0]!, label: { zh: '二楼微波炉', en: 'Upstairs microwave' } }, devices[1]!];
    expect(again.catalog.announce(relabelled, at)).toBe(true);
    expect(again.outbox.pending(10).map((e) => [e.type, e.body])).toEqual([
      ['station.devices', { devices }],
      ['station.devices', { devices: relabelled }],
    ]);
    again.db.close();
  });
});
