import type { Db } from '../sqlite/open-database.ts';
import type { PhoneMember } from './schema.ts';
import type { PhoneStore } from './store.ts';

export function sqlitePhoneStore(db: Db): PhoneStore {
  const setKey = db.prepare(
    `INSERT INTO station_door_keys (station_id, public_key, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET public_key = excluded.public_key, updated_at = excluded.updated_at`,
  );
  const key = db.prepare<[string], { public_key: string }>(
    'SELECT public_key FROM station_door_keys WHERE station_id = ?',
  );
  const use = db.prepare(
    'INSERT OR IGNORE INTO door_code_uses (station_id, win, nonce, member, at) VALUES (@stationId, @window, @nonce, @member, @at)',
  );
  const release = db.prepare(
    'DELETE FROM door_code_uses WHERE station_id = @stationId AND win = @window AND nonce = @nonce AND member = @member',
  );
  const forget = db.prepare('DELETE FROM door_code_uses WHERE win < ?');
  const addMember = db.prepare(
    'INSERT OR IGNORE INTO phone_members (token_hash, member, category, consent_at, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const findMember = db.prepare<[string], PhoneMember>(
    'SELECT member, category FROM phone_members WHERE token_hash = ?',
  );
  return {
    setDoorKey: async (stationId, publicKey, at) => {
      setKey.run(stationId, publicKey, at);
    },
    doorKey: async (stationId) => key.get(stationId)?.public_key,
    useDoorCode: async (u) => use.run(u).changes === 1,
    releaseDoorCode: async (u) => {
      release.run(u);
    },
    forgetDoorCodeUses: async (beforeWindow) => forget.run(beforeWindow).changes,
    addMember: async (tokenHash, member, category, at) =>
      addMember.run(tokenHash, member, category, at, at).changes === 1,
    findMember: async (tokenHash) => findMember.get(tokenHash),
  };
}
