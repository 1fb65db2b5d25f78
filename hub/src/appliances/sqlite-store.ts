import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
import type { PowerCommand } from './schema.ts';
import type { ApplianceStore } from './store.ts';

const LIST = 'power-log';
const COLUMNS = `id, station_id AS stationId, device, power_on AS powerOn, asked_by AS "by", at, outcome`;
type Row = Omit<PowerCommand, 'on'> & { powerOn: number };
const toCommand = ({ powerOn, ...rest }: Row): PowerCommand => ({ ...rest, on: powerOn === 1 });

export function sqliteApplianceStore(db: Db): ApplianceStore {
  const insert = db.prepare<[string, string, number, string, string, string], { id: number }>(
    `INSERT INTO appliance_power_log (station_id, device, power_on, asked_by, at, outcome)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const first = db.prepare<[string, number], Row>(
    `SELECT ${COLUMNS} FROM appliance_power_log WHERE station_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
  );
  const after = db.prepare<[string, string, number, number], Row>(
    `SELECT ${COLUMNS} FROM appliance_power_log WHERE station_id = ? AND (at, id) < (?, ?)
     ORDER BY at DESC, id DESC LIMIT ?`,
  );
  return {
    logPower: async (c) => {
      const { id } = insert.get(c.stationId, c.device, c.on ? 1 : 0, c.by, c.at, c.outcome)!;
      return { id, ...c };
    },
    powerLog: async (stationId, page) => {
      const rows = page.before
        ? (() => {
            const [at, id] = decodeCursor(LIST, page.before, ['string', 'number']) as [string, number];
            return after.all(stationId, at, id, page.limit + 1);
          })()
        : first.all(stationId, page.limit + 1);
      return pageOf(LIST, rows.map(toCommand), page.limit, (c) => [c.at, c.id]);
    },
  };
}
