import { changedOne, one, type Pg } from '../postgres/sql.ts';
import type { PhoneMember } from './schema.ts';
import type { PhoneStore } from './store.ts';

export function postgresPhoneStore({ sql }: Pg): PhoneStore {
  return {
    setDoorKey: async (stationId, publicKey, at) => {
      await sql.query(
        `INSERT INTO station_door_keys (station_id, public_key, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (station_id) DO UPDATE SET public_key = excluded.public_key, updated_at = excluded.updated_at`,
        [stationId, publicKey, at],
      );
    },
    doorKey: async (stationId) =>
      (
        await one<{ public_key: string }>(sql, 'SELECT public_key FROM station_door_keys WHERE station_id = $1', [
          stationId,
        ])
      )?.public_key,
    useDoorCode: (u) =>
      changedOne(
        sql,
        `INSERT INTO door_code_uses (station_id, win, nonce, member, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [u.stationId, u.window, u.nonce, u.member, u.at],
      ),
    releaseDoorCode: async (u) => {
      await sql.query('DELETE FROM door_code_uses WHERE station_id = $1 AND win = $2 AND nonce = $3 AND member = $4', [
        u.stationId,
        u.window,
        u.nonce,
        u.member,
      ]);
    },
    forgetDoorCodeUses: async (beforeWindow) =>
      (await sql.query('DELETE FROM door_code_uses WHERE win < $1', [beforeWindow])).rowCount ?? 0,
    addMember: (tokenHash, member, category, at) =>
      changedOne(
        sql,
        `INSERT INTO phone_members (token_hash, member, category, consent_at, created_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT DO NOTHING`,
        [tokenHash, member, category, at],
      ),
    findMember: (tokenHash) =>
      one<PhoneMember>(sql, 'SELECT member, category FROM phone_members WHERE token_hash = $1', [tokenHash]),
  };
}
