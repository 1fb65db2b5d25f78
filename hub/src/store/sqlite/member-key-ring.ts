import type { Db } from '../../db/open-database.ts';
import type { MemberKeyRecord, MemberKeyRing, MemberRegistry } from '../hub-store.ts';

interface KeyRow {
  kid: string;
  alg: string;
  public_key: string;
  private_key_pem: string;
  created_at: string;
  retired_at: string | null;
}

const COLUMNS = 'kid, alg, public_key, private_key_pem, created_at, retired_at';

export function sqliteMemberKeyRing(db: Db): MemberKeyRing {
  const list = db.prepare<[], KeyRow>(`SELECT ${COLUMNS} FROM member_keys ORDER BY created_at, rowid`);
  const active = db.prepare<[], KeyRow>(
    `SELECT ${COLUMNS} FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO member_keys (kid, alg, public_key, private_key_pem, created_at, retired_at)
     VALUES (@kid, @alg, @publicKey, @privateKeyPem, @createdAt, @retiredAt)`,
  );
  const retire = db.prepare('UPDATE member_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL');

  return {
    list: () => list.all().map(toRecord),
    active: () => {
      const row = active.get();
      return row && toRecord(row);
    },
    insert: (key) => {
      insert.run(key);
    },
    retire: (kid, at) => retire.run(at, kid).changes === 1,
  };
}

export function sqliteMemberRegistry(db: Db): MemberRegistry {
  const secret = db.prepare<[string], { value: Buffer }>('SELECT value FROM hub_secrets WHERE name = ?');
  const revoke = db.prepare('INSERT OR IGNORE INTO revoked_members (member, revoked_at) VALUES (?, ?)');
  const revoked = db.prepare<[], { member: string }>('SELECT member FROM revoked_members ORDER BY member');

  return {
    pseudonymSecret: () => {
      const row = secret.get('member-pseudonym');
      // Made by migration 001; its absence means the database is not a hub database.
      if (!row) throw new Error('hub secret member-pseudonym is missing');
      return row.value;
    },
    revoke: (member, at) => {
      revoke.run(member, at);
    },
    revoked: () => revoked.all().map((r) => r.member),
  };
}

function toRecord(row: KeyRow): MemberKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg,
    publicKey: row.public_key,
    privateKeyPem: row.private_key_pem,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}
