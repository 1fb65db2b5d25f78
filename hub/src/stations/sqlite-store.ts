import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
import { COLUMNS, devicesByStation, type StationRow, toRecord } from './rows.ts';
import type { StationChange } from './schema.ts';
import type { StationStore } from './store.ts';

const ACTIVE = 'retired_at IS NULL';

// Columns an office edit may set, in the order of the UPDATE's placeholders.
const EDITABLE = [
  'name',
  'district',
  'city',
  'province',
  'capacity',
  'address',
  'lat',
  'lng',
  'open24h',
  'hours',
] as const;

export function sqliteStationStore(db: Db): StationStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO stations (id, name, district, city, province, capacity, address, lat, lng, token_hash,
       token_issued_at, created_at)
     VALUES (@id, @name, @district, @city, @province, @capacity, @address, @lat, @lng, @tokenHash, @at, @at)`,
  );
  const upsert = db.prepare(
    `INSERT INTO stations (id, name, district, city, province, capacity, address, lat, lng, token_hash,
       token_issued_at, created_at)
     VALUES (@id, @name, @district, @city, @province, @capacity, @address, @lat, @lng, @tokenHash, @at, @at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, district = excluded.district, city = excluded.city,
       province = excluded.province, capacity = excluded.capacity,
       address = excluded.address, lat = excluded.lat, lng = excluded.lng,
       token_hash = excluded.token_hash, token_issued_at = excluded.token_issued_at`,
  );
  const get = db.prepare<[string], StationRow>(`SELECT ${COLUMNS} FROM stations WHERE id = ?`);
  // Keyset order (district, id): @afterDistrict NULL is the first page.
  const list = db.prepare<Record<string, unknown>, StationRow>(
    `SELECT ${COLUMNS} FROM stations
     WHERE (@district IS NULL OR district = @district) AND (@retired OR ${ACTIVE})
       AND (@city IS NULL OR coalesce(city, '') = @city) AND (@province IS NULL OR coalesce(province, '') = @province)
       AND (@afterDistrict IS NULL OR (district, id) > (@afterDistrict, @afterId))
     ORDER BY district, id LIMIT @limit`,
  );
  const markSilent = db
    .prepare<[string], string>(
      `UPDATE station_live SET online = 0 WHERE online = 1 AND station_id IN
         (SELECT id FROM stations WHERE last_seen_at < ? AND ${ACTIVE})
       RETURNING station_id`,
    )
    .pluck();
  // A NULL parameter keeps the column; for nullable columns the set* flags tell "clear it" from "leave it".
  const update = db.prepare(
    `UPDATE stations SET name = coalesce(@name, name), district = coalesce(@district, district),
       city = CASE WHEN @setCity THEN @city ELSE city END,
       province = CASE WHEN @setProvince THEN @province ELSE province END,
       capacity = coalesce(@capacity, capacity),
       address = CASE WHEN @setAddress THEN @address ELSE address END,
       lat = CASE WHEN @setLat THEN @lat ELSE lat END, lng = CASE WHEN @setLng THEN @lng ELSE lng END,
       open_24h = coalesce(@open24h, open_24h), hours = CASE WHEN @setHours THEN @hours ELSE hours END
     WHERE id = @id`,
  );
  const retire = db.prepare(`UPDATE stations SET retired_at = ?, token_hash = NULL WHERE id = ? AND ${ACTIVE}`);
  const setServices = db.prepare('UPDATE stations SET services = ? WHERE id = ?');
  const within = db.prepare<[number, number, number, number], StationRow>(
    `SELECT ${COLUMNS} FROM stations WHERE lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? AND ${ACTIVE}`,
  );
  const replaceToken = db.prepare('UPDATE stations SET token_hash = ?, token_issued_at = ? WHERE id = ?');
  const byToken = db.prepare<[string], { id: string }>('SELECT id FROM stations WHERE token_hash = ?');
  const markSeen = sqliteSeenMark(db);
  const devices = db.prepare<[string], { station_id: string; devices: string }>(
    'SELECT station_id, devices FROM station_devices WHERE station_id IN (SELECT value FROM json_each(?))',
  );

  return {
    insert: async (profile, tokenHash, at) => insert.run({ ...profile, tokenHash, at }).changes === 1,
    upsert: async (profile, tokenHash, at) => {
      upsert.run({ ...profile, tokenHash, at });
    },
    get: async (id) => {
      const row = get.get(id);
      return row && toRecord(row);
    },
    list: async ({ district, city, province, includeRetired = false }, page) => {
      const [afterDistrict, afterId] = page.before
        ? decodeCursor('stations', page.before, ['string', 'string'])
        : [null, null];
      const rows = list.all({
        district: district ?? null,
        city: city ?? null,
        province: province ?? null,
        retired: Number(includeRetired),
        afterDistrict,
        afterId,
        limit: page.limit + 1,
      });
      return pageOf('stations', rows.map(toRecord), page.limit, (s) => [s.district, s.id]);
    },
    markSilent: async (before) => markSilent.all(before).sort(),
    replaceToken: async (id, tokenHash, at) => replaceToken.run(tokenHash, at, id).changes === 1,
    findByTokenHash: async (tokenHash) => byToken.get(tokenHash)?.id,
    markSeen: async (id, at) => markSeen(id, at),
    update: async (id, change) => update.run(updateParams(id, change)).changes === 1,
    retire: async (id, at) => retire.run(at, id).changes === 1,
    setServices: async (id, services) => setServices.run(JSON.stringify(services), id).changes === 1,
    within: async (box) => within.all(box.minLat, box.maxLat, box.minLng, box.maxLng).map(toRecord),
    devices: async (ids) => devicesByStation(ids, devices.all(JSON.stringify(ids))),
  };
}

/**
 * A station heard from: its last sighting and its online mark, one step for the sync ingest and the bundle
 * route alike (the caller's transaction, if any, holds it).
 */
export function sqliteSeenMark(db: Db): (stationId: string, at: string) => void {
  const seen = db.prepare('UPDATE stations SET last_seen_at = ? WHERE id = ?');
  const online = db.prepare(
    `INSERT INTO station_live (station_id, online) VALUES (?, 1)
     ON CONFLICT (station_id) DO UPDATE SET online = 1 WHERE online = 0`,
  );
  return (stationId, at) => {
    if (seen.run(at, stationId).changes === 1) online.run(stationId);
  };
}

function updateParams(id: string, change: StationChange): Record<string, unknown> {
  const params: Record<string, unknown> = { id };
  for (const key of EDITABLE) params[key] = change[key] ?? null;
  params.open24h = change.open24h === undefined ? null : Number(change.open24h);
  params.setCity = Number('city' in change);
  params.setProvince = Number('province' in change);
  params.setAddress = Number('address' in change);
  params.setLat = Number('lat' in change);
  params.setLng = Number('lng' in change);
  params.setHours = Number('hours' in change);
  return params;
}
