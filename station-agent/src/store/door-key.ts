/** The station's door key, made once with its database and kept in it: a restart keeps signing with it. */
import { type DoorKeyPair, generateDoorKey } from '@yizhan/shared/door-code';
import type { Db } from '../db/open.ts';

export function stationDoorKey(db: Db, now: Date): DoorKeyPair {
  const row = db
    .prepare<[], { private_key_pem: string; public_key: string }>('SELECT private_key_pem, public_key FROM door_key')
    .get();
  if (row) return { privateKeyPem: row.private_key_pem, publicKey: row.public_key };
  const key = generateDoorKey();
  db.prepare('INSERT INTO door_key (id, private_key_pem, public_key, created_at) VALUES (1, ?, ?, ?)').run(
    key.privateKeyPem,
    key.publicKey,
    now.toISOString(),
  );
  return key;
}
