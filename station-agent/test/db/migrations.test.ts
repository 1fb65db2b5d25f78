import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@yizhan/shared/sqlite';
import { afterEach, expect, it } from 'vitest';
import { openStationDatabase } from '../../src/db/open.ts';

const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('008 carries an open door-held-open alarm into the alarms table and drops the door watch table', () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-migrations-'));
  // The file as a station before the upgrade left it: migrations 001–007, a held-open alarm open, one cleared.
  const before = join(dir, 'before');
  mkdirSync(before);
  for (const file of readdirSync(MIGRATIONS).filter((f) => f < '008')) {
    cpSync(join(MIGRATIONS, file), join(before, file));
  }
  const path = join(dir, 'station.db');
  const old = openDatabase(path, before);
  const insert = old.prepare('INSERT INTO door_alarms (id, device, raised_at, cleared_at) VALUES (?, ?, ?, ?)');
  insert.run('a-open', 'front-door', '2026-11-28T03:00:00.000Z', null);
  insert.run('a-done', 'front-door', '2026-11-27T03:00:00.000Z', '2026-11-27T03:05:00.000Z');
  old.close();

  const db = openStationDatabase(path);
  expect(db.prepare('SELECT id, rule, device, detail, raised_at, cleared_at FROM alarms').all()).toEqual([
    {
      id: 'a-open',
      rule: 'door-held-open',
      device: 'front-door',
      detail: 'door held open (raised before the upgrade)',
      raised_at: '2026-11-28T03:00:00.000Z',
      cleared_at: null,
    },
  ]);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'door_alarms'").all()).toEqual([]);
  db.close();
});
