import { decodeCursor, pageOf } from '../paging.ts';
import { AREA_OF, areaOfStation, markSeen, recountArea, sameArea } from '../postgres/area-totals.ts';
import { Params } from '../postgres/params.ts';
import { changedOne, one, type Pg, type Sql } from '../postgres/sql.ts';
import { COLUMNS, devicesByStation, type StationRow, toRecord } from './rows.ts';
import type { StationProfile } from './schema.ts';
import type { StationStore } from './store.ts';

const ACTIVE = 'retired_at IS NULL';

const profileValues = (p: StationProfile) => [
  p.id,
  p.name,
  p.district,
  p.city,
  p.province,
  p.capacity,
  p.address,
  p.lat,
  p.lng,
];

const INSERT = `INSERT INTO stations (id, name, district, city, province, capacity, address, lat, lng, token_hash,
    token_issued_at, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`;

/**
 * The registry on PostgreSQL. Every change that can move a station between areas, or in or out of the
 * totals (retirement), recounts the areas it touched in the same transaction.
 */
export function postgresStationStore(pg: Pg): StationStore {
  const { sql } = pg;
  /** Runs a change of one station and recounts its area before and after (once if it stayed). */
  const recounted = <T>(id: string, change: (tx: Sql) => Promise<T>) =>
    pg.atomic(async (tx) => {
      const before = await areaOfStation(tx, id);
      const result = await change(tx);
      const after = await areaOfStation(tx, id);
      if (before) await recountArea(tx, before);
      if (after && !(before && sameArea(before, after))) await recountArea(tx, after);
      return result;
    });
  return {
    insert: (profile, tokenHash, at) =>
      pg.atomic(async (tx) => {
        const inserted = await changedOne(tx, `${INSERT} ON CONFLICT (id) DO NOTHING`, [
          ...profileValues(profile),
          tokenHash,
          at,
        ]);
        // A new station adds one to its area; it has no sightings, visits or alarms yet.
        if (inserted) {
          const area = { province: profile.province ?? '', city: profile.city ?? '', district: profile.district };
          await tx.query(
            `INSERT INTO area_totals AS a (province, city, district, stations) VALUES ($1, $2, $3, 1)
             ON CONFLICT (province, city, district) DO UPDATE SET stations = a.stations + 1`,
            [area.province, area.city, area.district],
          );
        }
        return inserted;
      }),
    upsert: (profile, tokenHash, at) =>
      recounted(profile.id, async (tx) => {
        await tx.query(
          `${INSERT} ON CONFLICT (id) DO UPDATE SET name = excluded.name, district = excluded.district,
             city = excluded.city, province = excluded.province, capacity = excluded.capacity,
             address = excluded.address, lat = excluded.lat, lng = excluded.lng,
             token_hash = excluded.token_hash, token_issued_at = excluded.token_issued_at`,
          [...profileValues(profile), tokenHash, at],
        );
      }),
    get: async (id) => {
      const row = await one<StationRow>(sql, `SELECT ${COLUMNS} FROM stations WHERE id = $1`, [id]);
      return row && toRecord(row);
    },
    list: async ({ district, city, province, includeRetired = false }, page) => {
      const [afterDistrict, afterId] = page.before
        ? decodeCursor('stations', page.before, ['string', 'string'])
        : [null, null];
      const p = new Params();
      const d = p.add(district ?? null);
      const c = p.add(city ?? null);
      const pr = p.add(province ?? null);
      const a = p.add(afterDistrict);
      const { rows } = await sql.query<StationRow>(
        `SELECT ${COLUMNS} FROM stations
         WHERE (${d}::text IS NULL OR district = ${d}) AND (${p.add(includeRetired)} OR ${ACTIVE})
           AND (${c}::text IS NULL OR coalesce(city, '') = ${c})
           AND (${pr}::text IS NULL OR coalesce(province, '') = ${pr})
           AND (${a}::text IS NULL OR (district, id) > (${a}, ${p.add(afterId)}))
         ORDER BY district, id LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf('stations', rows.map(toRecord), page.limit, (s) => [s.district, s.id]);
    },
    markSilent: async (before) => {
      const { rows } = await sql.query<{ station_id: string }>(
        `WITH l AS (
           UPDATE station_live l SET online = FALSE FROM stations s
           WHERE s.id = l.station_id AND l.online AND s.last_seen_at < $1 AND s.${ACTIVE}
           RETURNING l.station_id, coalesce(l.inside, 0) AS inside, ${AREA_OF}),
         g AS (SELECT province, city, district, count(*)::int AS n, sum(inside)::int AS i FROM l
               GROUP BY province, city, district),
         u AS (UPDATE area_totals a SET online = a.online - g.n, inside = a.inside - g.i FROM g
               WHERE a.province = g.province AND a.city = g.city AND a.district = g.district)
         SELECT station_id FROM l ORDER BY station_id`,
        [before],
      );
      return rows.map((r) => r.station_id);
    },
    replaceToken: (id, tokenHash, at) =>
      changedOne(sql, 'UPDATE stations SET token_hash = $1, token_issued_at = $2 WHERE id = $3', [tokenHash, at, id]),
    findByTokenHash: async (tokenHash) =>
      (await one<{ id: string }>(sql, 'SELECT id FROM stations WHERE token_hash = $1', [tokenHash]))?.id,
    markSeen: (id, at) => markSeen(sql, id, at),
    update: (id, change) => {
      // A required column changes when given a value; a nullable one when its key is present (null clears it).
      const p = new Params();
      const assignments = ['id = id'];
      const set = (column: string, key: keyof typeof change, nullable: boolean) => {
        if (nullable ? key in change : change[key] !== undefined && change[key] !== null) {
          assignments.push(`${column} = ${p.add(change[key] ?? null)}`);
        }
      };
      set('name', 'name', false);
      set('district', 'district', false);
      set('city', 'city', true);
      set('province', 'province', true);
      set('capacity', 'capacity', false);
      set('address', 'address', true);
      set('lat', 'lat', true);
      set('lng', 'lng', true);
      set('open_24h', 'open24h', false);
      set('hours', 'hours', true);
      const text = `UPDATE stations SET ${assignments.join(', ')} WHERE id = ${p.add(id)}`;
      return recounted(id, (tx) => changedOne(tx, text, p.values));
    },
    retire: (id, at) =>
      recounted(id, (tx) =>
        changedOne(tx, `UPDATE stations SET retired_at = $1, token_hash = NULL WHERE id = $2 AND ${ACTIVE}`, [at, id]),
      ),
    setServices: (id, services) =>
      changedOne(sql, 'UPDATE stations SET services = $1 WHERE id = $2', [JSON.stringify(services), id]),
    within: async (box) =>
      (
        await sql.query<StationRow>(
          `SELECT ${COLUMNS} FROM stations WHERE lat BETWEEN $1 AND $2 AND lng BETWEEN $3 AND $4 AND ${ACTIVE}`,
          [box.minLat, box.maxLat, box.minLng, box.maxLng],
        )
      ).rows.map(toRecord),
    devices: async (ids) =>
      devicesByStation(
        ids,
        (
          await sql.query<{ station_id: string; devices: string }>(
            'SELECT station_id, devices FROM station_devices WHERE station_id = ANY($1::text[])',
            [ids],
          )
        ).rows,
      ),
  };
}
