import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHourOf } from '@yizhan/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteHubStore } from '../src/sqlite/hub-store.ts';
import type { HubStore } from '../src/store.ts';
import { EPOCH, heartbeat, STATION_A, visit } from './hub-fixture.ts';

const RECEIVED = '2026-11-28T02:00:00.000Z';
const shanghaiHour = localHourOf('Asia/Shanghai');

let dir: string;
let store: HubStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yizhan-ledger-'));
  store = openSqliteHubStore(join(dir, 'hub.db'));
  await store.stations.insert({ ...STATION_A, address: null, city: null, province: null }, 'token-hash', RECEIVED);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What an outside reader of the file sees. */
function rows(sql: string): unknown[] {
  const db = new Database(join(dir, 'hub.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

const everything = () => ({
  events: rows('SELECT seq FROM events ORDER BY seq'),
  daily: rows('SELECT day, category, method, count FROM daily_visits ORDER BY day, category, method'),
  hourly: rows('SELECT hour, category, method, count FROM hourly_visits ORDER BY hour, category, method'),
  members: rows('SELECT day, member FROM member_days ORDER BY day, member'),
  live: rows('SELECT * FROM station_live'),
  cursors: rows('SELECT epoch, ack_seq FROM sync_cursors'),
  seen: rows('SELECT last_seen_at FROM stations'),
});

describe('event ledger ingest', () => {
  it('writes events, aggregates and cursor in one transaction: a failure part-way leaves none of them', async () => {
    await store.sync.ingest(STATION_A.id, EPOCH, [visit(1, 'rider')], shanghaiHour, RECEIVED);
    const before = everything();
    let asked = 0;
    const failingHour = (at: string): string => {
      asked += 1;
      if (asked === 3) throw new Error('zone data unavailable');
      return shanghaiHour(at);
    };
    await expect(
      store.sync.ingest(
        STATION_A.id,
        EPOCH,
        [visit(2, 'rider'), visit(3, 'courier'), visit(4, 'driver', 'walk-in', '2026-11-28T05:00:00.000Z')],
        failingHour,
        '2026-11-28T03:00:00.000Z',
      ),
    ).rejects.toThrow('zone data unavailable');
    expect(everything()).toEqual(before);
    expect(await store.sync.ackSeq(STATION_A.id, EPOCH)).toBe(1);
  });

  it('dates only the new events that count under a local hour, and reports how many were new', async () => {
    const asked: string[] = [];
    const hour = (at: string): string => {
      asked.push(at);
      return shanghaiHour(at);
    };
    const batch = [visit(1, 'rider', 'code', '2026-11-28T01:00:00.000Z'), heartbeat(2)];
    expect(await store.sync.ingest(STATION_A.id, EPOCH, batch, hour, RECEIVED)).toEqual({ ackSeq: 2, inserted: 2 });
    expect(asked).toEqual(['2026-11-28T01:00:00.000Z']);
    const resent = [...batch, visit(3, 'rider', 'code', '2026-11-28T01:30:00.000Z')];
    expect(await store.sync.ingest(STATION_A.id, EPOCH, resent, hour, RECEIVED)).toEqual({ ackSeq: 3, inserted: 1 });
    expect(asked).toEqual(['2026-11-28T01:00:00.000Z', '2026-11-28T01:30:00.000Z']);
    expect(everything().hourly).toEqual([{ hour: '2026-11-28T09', category: 'rider', method: 'code', count: 2 }]);
  });
});
