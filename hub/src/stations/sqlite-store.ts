import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
import type { StationChange, StationProfile, StationRecord } from './schema.ts';
import type { StationStore } from './store.ts';

interface StationRow {
  id: string;
  name: string;
  district: string;
  capacity: number;
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: string;
  last_seen_at: string | null;
  retired_at: string | null;
  services: string;
  open_24h: number;
  hours: string | null;
}

const COLUMNS =
  'id, name, district, capacity, address, lat, lng, created_at, last_seen_at, retired_at, services, open_24h, hours';
const ACTIVE = 'retired_at IS NULL';

// Columns an office edit may set, in the order of the UPDATE's placeholders.
const EDITABLE = ['name', 'district', 'capacity', 'address', 'lat', 'lng', 'open24h', 'hours'] as const;

export function sqliteStationStore(db: Db): StationStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO stations (id, name, district, capacity, address, lat, lng, token_hash, token_issued_at, created_at)
     VALUES (@id, @name, @district, @capacity, @address, @lat, @lng, @tokenHash, @at, @at)`,
  );
  const upsert = db.prepare(
    `INSERT INTO stations (id, name, district, capacity, address, lat, lng, token_hash, token_issued_at, created_at)
     VALUES (@id, @name, @district, @capacity, @address, @lat, @lng, @tokenHash, @at, @at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, district = excluded.district, capacity = excluded.capacity,
       address = excluded.address, lat = excluded.lat, lng = excluded.lng,
       token_hash = excluded.token_hash, token_issued_at = excluded.token_issued_at`,
  );
  const get = db.prepare<[string], StationRow>(`SELECT ${COLUMNS} FROM stations WHERE id = ?`);
  // Keyset order (district, id): @afterDistrict NULL is the first page.
  const list = db.prepare<Record<string, unknown>, StationRow>(
    `SELECT ${COLUMNS} FROM stations
     WHERE (@district IS NULL OR district = @district) AND (@retired OR ${ACTIVE})
       AND (@afterDistrict IS NULL OR (district, id) > (@afterDistrict, @afterId))
     ORDER BY district, id LIMIT @limit`,
  );
  const seenSince = db
    .prepare<[string], string>(`SELECT id FROM stations WHERE last_seen_at >= ? AND ${ACTIVE}`)
    .pluck();
  // A NULL parameter keeps the column; for nullable columns the set* flags tell "clear it" from "leave it".
  const update = db.prepare(
    `UPDATE stations SET name = coalesce(@name, name), district = coalesce(@district, district),
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
  const markSeen = db.prepare('UPDATE stations SET last_seen_at = ? WHERE id = ?');

  return {
    insert: async (profile, tokenHash, at) => insert.run({ ...profile, tokenHash, at }).changes === 1,
    upsert: async (profile, tokenHash, at) => {
      upsert.run({ ...profile, tokenHash, at });
    },
    get: async (id) => {
      const row = get.get(id);
      return row && toRecord(row);
    },
    list: async ({ district, includeRetired = false }, page) => {
      const [afterDistrict, afterId] = page.before ? decodeCursor(page.before, ['string', 'string']) : [null, null];
      const rows = list.all({
        district: district ?? null,
        retired: Number(includeRetired),
        afterDistrict,
        afterId,
        limit: page.limit + 1,
      });
      return pageOf(rows.map(toRecord), page.limit, (s) => [s.district, s.id]);
    },
    seenSince: async (since) => seenSince.all(since),
    replaceToken: async (id, tokenHash, at) => replaceToken.run(tokenHash, at, id).changes === 1,
    findByTokenHash: async (tokenHash) => byToken.get(tokenHash)?.id,
    markSeen: async (id, at) => {
      markSeen.run(at, id);
    },
    update: async (id, change) => update.run(updateParams(id, change)).changes === 1,
    retire: async (id, at) => retire.run(at, id).changes === 1,
    setServices: async (id, services) => setServices.run(JSON.stringify(services), id).changes === 1,
    within: async (box) => within.all(box.minLat, box.maxLat, box.minLng, box.maxLng).map(toRecord),
  };
}

function toRecord(row: StationRow): StationRecord {
  const profile: StationProfile = {
    id: row.id,
    name: row.name,
    district: row.district,
    capacity: row.capacity,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
  };
  return {
    ...profile,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    retiredAt: row.retired_at,
    services: JSON.parse(row.services) as string[],
    open24h: row.open_24h === 1,
    hours: row.hours,
  };
}

function updateParams(id: string, change: StationChange): Record<string, unknown> {
  const params: Record<string, unknown> = { id };
  for (const key of EDITABLE) params[key] = change[key] ?? null;
  params.open24h = change.open24h === undefined ? null : Number(change.open24h);
  params.setAddress = Number('address' in change);
  params.setLat = Number('lat' in change);
  params.setLng = Number('lng' in change);
  params.setHours = Number('hours' in change);
  return params;
}
