import type { KioskHealth } from '@yizhan/shared';
import type { Db } from '../sqlite/open-database.ts';
import type { ChannelConnection, KioskReport } from './schema.ts';
import type { ChannelStore } from './store.ts';

export function sqliteChannelStore(db: Db): ChannelStore {
  const connect = db.prepare(
    `INSERT INTO station_channels (station_id, holder, connected_at) VALUES (?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET holder = excluded.holder, connected_at = excluded.connected_at`,
  );
  const disconnect = db.prepare('DELETE FROM station_channels WHERE station_id = ? AND holder = ?');
  const alive = db.prepare(
    `INSERT INTO channel_holders (holder, alive_until) VALUES (?, ?)
     ON CONFLICT (holder) DO UPDATE SET alive_until = excluded.alive_until`,
  );
  const setAppliances = db.prepare('UPDATE station_channels SET appliances = ? WHERE station_id = ? AND holder = ?');
  const connection = db.prepare<[string, string], Omit<ChannelConnection, 'appliances'> & { appliances: string }>(
    `SELECT c.holder, c.connected_at AS connectedAt, c.appliances FROM station_channels c
     JOIN channel_holders h ON h.holder = c.holder WHERE c.station_id = ? AND h.alive_until > ?`,
  );
  const count = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM station_channels c JOIN channel_holders h ON h.holder = c.holder
     WHERE h.alive_until > ?`,
  );
  const generation = db.prepare<[], { n: number }>('SELECT n FROM bundle_generation WHERE id = 1');
  const setKiosk = db.prepare(
    `INSERT INTO station_kiosks (station_id, status, since, reported_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET status = excluded.status, since = excluded.since,
       reported_at = excluded.reported_at`,
  );
  const kiosk = db.prepare<[string], KioskReport>(
    'SELECT status, since, reported_at AS reportedAt FROM station_kiosks WHERE station_id = ?',
  );
  const saveScreen = db.prepare(
    `INSERT INTO station_screens (station_id, png, taken_at, asked_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET png = excluded.png, taken_at = excluded.taken_at,
       asked_by = excluded.asked_by`,
  );
  const screen = db.prepare<[string], { png: Buffer; taken_at: string; asked_by: string }>(
    'SELECT png, taken_at, asked_by FROM station_screens WHERE station_id = ?',
  );
  return {
    connect: async (stationId, holder, at) => {
      connect.run(stationId, holder, at);
    },
    disconnect: async (stationId, holder) => disconnect.run(stationId, holder).changes === 1,
    holderAlive: async (holder, until) => {
      alive.run(holder, until);
    },
    setAppliances: async (stationId, holder, appliances) => {
      setAppliances.run(JSON.stringify(appliances), stationId, holder);
    },
    connection: async (stationId, now) => {
      const row = connection.get(stationId, now);
      return row && { ...row, appliances: JSON.parse(row.appliances) };
    },
    connectedCount: async (now) => count.get(now)!.n,
    bundleGeneration: async () => generation.get()?.n ?? 0,
    setKioskHealth: async (stationId, health: KioskHealth, at) => {
      setKiosk.run(stationId, health.status, health.since, at);
    },
    kioskHealth: async (stationId) => kiosk.get(stationId),
    saveScreen: async (stationId, s) => {
      saveScreen.run(stationId, s.png, s.takenAt, s.askedBy);
    },
    screen: async (stationId) => {
      const row = screen.get(stationId);
      return row && { png: row.png, takenAt: row.taken_at, askedBy: row.asked_by };
    },
  };
}
