import type { Db } from '../sqlite/open-database.ts';
import type { MemberKeyRecord, MemberLink } from './schema.ts';
import type { MemberAccessStore, MemberKeyStore, MemberStore } from './store.ts';

interface KeyRow {
  kid: string;
  alg: string;
  public_key: string;
  private_key_pem: string;
  created_at: string;
  retired_at: string | null;
}

const COLUMNS = 'kid, alg, public_key, private_key_pem, created_at, retired_at';

export function sqliteMemberKeyStore(db: Db): MemberKeyStore {
  const list = db.prepare<[], KeyRow>(`SELECT ${COLUMNS} FROM member_keys ORDER BY created_at, rowid`);
  const active = db.prepare<[], KeyRow>(
    `SELECT ${COLUMNS} FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT OR IGNORE INTO member_keys (kid, alg, public_key, private_key_pem, created_at, retired_at)
     VALUES (@kid, @alg, @publicKey, @privateKeyPem, @createdAt, @retiredAt)`,
  );
  const retire = db.prepare('UPDATE member_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL');

  return {
    list: async () => list.all().map(toRecord),
    active: async () => {
      const row = active.get();
      return row && toRecord(row);
    },
    insert: async (key) => insert.run(key).changes === 1,
    retire: async (kid, at) => retire.run(at, kid).changes === 1,
  };
}

export function sqliteMemberStore(db: Db): MemberStore {
  const secret = db.prepare<[string], { value: Buffer }>('SELECT value FROM hub_secrets WHERE name = ?');
  const revoke = db.prepare('INSERT OR IGNORE INTO revoked_members (member, revoked_at) VALUES (?, ?)');
  const revoked = db.prepare<[], { member: string }>('SELECT member FROM revoked_members ORDER BY member');
  const isRevoked = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM revoked_members WHERE member = ?');

  return {
    pseudonymSecret: async () => {
      const row = secret.get('member-pseudonym');
      // Made by migration 001; its absence means the database is not a hub database.
      if (!row) throw new Error('hub secret member-pseudonym is missing');
      return row.value;
    },
    revoke: async (member, at) => {
      revoke.run(member, at);
    },
    revoked: async () => revoked.all().map((r) => r.member),
    isRevoked: async (member) => isRevoked.get(member)!.n > 0,
  };
}

export function sqliteMemberAccessStore(db: Db): MemberAccessStore {
  const addIntegration = db.prepare(
    'INSERT OR IGNORE INTO integration_keys (name, token_hash, created_at) VALUES (?, ?, ?)',
  );
  const findIntegration = db.prepare<[string], { name: string }>(
    'SELECT name FROM integration_keys WHERE token_hash = ? AND revoked_at IS NULL',
  );
  const revokeIntegration = db.prepare(
    'UPDATE integration_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL',
  );
  const addLink = db.prepare(
    'INSERT OR IGNORE INTO member_links (token_hash, member, category, created_at) VALUES (?, ?, ?, ?)',
  );
  const findLink = db.prepare<[string], MemberLink>(
    'SELECT member, category FROM member_links WHERE token_hash = ? AND revoked_at IS NULL',
  );
  return {
    addIntegration: async (name, tokenHash, at) => addIntegration.run(name, tokenHash, at).changes === 1,
    findIntegration: async (tokenHash) => findIntegration.get(tokenHash)?.name,
    revokeIntegration: async (name, at) => revokeIntegration.run(at, name).changes === 1,
    addLink: async (tokenHash, member, category, at) => addLink.run(tokenHash, member, category, at).changes === 1,
    findLink: async (tokenHash) => findLink.get(tokenHash),
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
