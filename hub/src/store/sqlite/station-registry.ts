import type { Db } from '../../db/open-database.ts';
import type { StationProfile, StationRecord, StationRegistry } from '../hub-store.ts';

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
}

const COLUMNS = 'id, name, district, capacity, address, lat, lng, created_at, last_seen_at';

export function sqliteStationRegistry(db: Db): StationRegistry {
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
  const listAll = db.prepare<[], StationRow>(`SELECT ${COLUMNS} FROM stations ORDER BY district, id`);
  const listDistrict = db.prepare<[string], StationRow>(
    `SELECT ${COLUMNS} FROM stations WHERE district = ? ORDER BY id`,
  );
  const replaceToken = db.prepare('UPDATE stations SET token_hash = ?, token_issued_at = ? WHERE id = ?');
  const byToken = db.prepare<[string], { id: string }>('SELECT id FROM stations WHERE token_hash = ?');
  const markSeen = db.prepare('UPDATE stations SET last_seen_at = ? WHERE id = ?');

  return {
    insert: (profile, tokenHash, at) => insert.run({ ...profile, tokenHash, at }).changes === 1,
    upsert: (profile, tokenHash, at) => {
      upsert.run({ ...profile, tokenHash, at });
    },
    get: (id) => {
      const row = get.get(id);
      return row && toRecord(row);
    },
    list: ({ district }) => (district === undefined ? listAll.all() : listDistrict.all(district)).map(toRecord),
    replaceToken: (id, tokenHash, at) => replaceToken.run(tokenHash, at, id).changes === 1,
    findByTokenHash: (tokenHash) => byToken.get(tokenHash)?.id,
    markSeen: (id, at) => {
      markSeen.run(at, id);
    },
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
  return { ...profile, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
}
