import { changedOne, one, type Pg } from '../postgres/sql.ts';
import type { ChannelConnection, KioskReport } from './schema.ts';
import type { ChannelStore } from './store.ts';

export function postgresChannelStore({ sql }: Pg): ChannelStore {
  return {
    connect: async (stationId, holder, at) => {
      await sql.query(
        `INSERT INTO station_channels (station_id, holder, connected_at) VALUES ($1, $2, $3)
         ON CONFLICT (station_id) DO UPDATE SET holder = excluded.holder, connected_at = excluded.connected_at`,
        [stationId, holder, at],
      );
    },
    disconnect: (stationId, holder) =>
      changedOne(sql, 'DELETE FROM station_channels WHERE station_id = $1 AND holder = $2', [stationId, holder]),
    holderAlive: async (holder, until) => {
      await sql.query(
        `INSERT INTO channel_holders (holder, alive_until) VALUES ($1, $2)
         ON CONFLICT (holder) DO UPDATE SET alive_until = excluded.alive_until`,
        [holder, until],
      );
    },
    setAppliances: async (stationId, holder, appliances) => {
      await sql.query('UPDATE station_channels SET appliances = $1 WHERE station_id = $2 AND holder = $3', [
        JSON.stringify(appliances),
        stationId,
        holder,
      ]);
    },
    connection: async (stationId, now) => {
      const row = await one<Omit<ChannelConnection, 'appliances'> & { appliances: string }>(
        sql,
        `SELECT c.holder, c.connected_at AS "connectedAt", c.appliances FROM station_channels c
         JOIN channel_holders h ON h.holder = c.holder WHERE c.station_id = $1 AND h.alive_until > $2`,
        [stationId, now],
      );
      return row && { ...row, appliances: JSON.parse(row.appliances) };
    },
    connectedCount: async (now) =>
      Number(
        (
          await one<{ n: string }>(
            sql,
            `SELECT count(*) AS n FROM station_channels c JOIN channel_holders h ON h.holder = c.holder
             WHERE h.alive_until > $1`,
            [now],
          )
        )?.n ?? 0,
      ),
    bundleGeneration: async () =>
      Number((await one<{ n: string }>(sql, 'SELECT n FROM bundle_generation WHERE id = 1'))?.n ?? 0),
    setKioskHealth: async (stationId, health, at) => {
      await sql.query(
        `INSERT INTO station_kiosks (station_id, status, since, reported_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (station_id) DO UPDATE SET status = excluded.status, since = excluded.since,
           reported_at = excluded.reported_at`,
        [stationId, health.status, health.since, at],
      );
    },
    kioskHealth: (stationId) =>
      one<KioskReport>(
        sql,
        'SELECT status, since, reported_at AS "reportedAt" FROM station_kiosks WHERE station_id = $1',
        [stationId],
      ),
    saveScreen: async (stationId, s) => {
      await sql.query(
        `INSERT INTO station_screens (station_id, png, taken_at, asked_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (station_id) DO UPDATE SET png = excluded.png, taken_at = excluded.taken_at,
           asked_by = excluded.asked_by`,
        [stationId, s.png, s.takenAt, s.askedBy],
      );
    },
    screen: async (stationId) => {
      const row = await one<{ png: Buffer; taken_at: string; asked_by: string }>(
        sql,
        'SELECT png, taken_at, asked_by FROM station_screens WHERE station_id = $1',
        [stationId],
      );
      return row && { png: row.png, takenAt: row.taken_at, askedBy: row.asked_by };
    },
  };
}
