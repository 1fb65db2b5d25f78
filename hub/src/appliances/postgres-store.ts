import { decodeCursor, pageOf } from '../paging.ts';
import type { Pg } from '../postgres/sql.ts';
import type { PowerCommand } from './schema.ts';
import type { ApplianceStore } from './store.ts';

const LIST = 'power-log';
const COLUMNS = `id::int AS id, station_id AS "stationId", device, power_on AS "on", asked_by AS "by", at, outcome`;

export function postgresApplianceStore({ sql }: Pg): ApplianceStore {
  return {
    logPower: async (c) => {
      const { rows } = await sql.query<{ id: number }>(
        `INSERT INTO appliance_power_log (station_id, device, power_on, asked_by, at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id`,
        [c.stationId, c.device, c.on, c.by, c.at, c.outcome],
      );
      return { id: rows[0]!.id, ...c };
    },
    powerLog: async (stationId, page) => {
      const cursor = page.before ? decodeCursor(LIST, page.before, ['string', 'number']) : undefined;
      const { rows } = await sql.query<PowerCommand>(
        cursor
          ? `SELECT ${COLUMNS} FROM appliance_power_log WHERE station_id = $1 AND (at, id) < ($3, $4)
             ORDER BY at DESC, id DESC LIMIT $2`
          : `SELECT ${COLUMNS} FROM appliance_power_log WHERE station_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
        cursor ? [stationId, page.limit + 1, cursor[0], cursor[1]] : [stationId, page.limit + 1],
      );
      return pageOf(LIST, rows, page.limit, (c) => [c.at, c.id]);
    },
  };
}
