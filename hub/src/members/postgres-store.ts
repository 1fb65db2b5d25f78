import { changedOne, one, type Pg } from '../postgres/sql.ts';
import type { MemberKeyRecord, MemberLink } from './schema.ts';
import type { MemberAccessStore, MemberKeyStore, MemberStore } from './store.ts';

const COLUMNS = `kid, alg, public_key AS "publicKey", private_key_pem AS "privateKeyPem", created_at AS "createdAt",
  retired_at AS "retiredAt"`;

export function postgresMemberKeyStore({ sql }: Pg): MemberKeyStore {
  return {
    list: async () =>
      (await sql.query<MemberKeyRecord>(`SELECT ${COLUMNS} FROM member_keys ORDER BY created_at, ord`)).rows,
    active: () =>
      one<MemberKeyRecord>(
        sql,
        `SELECT ${COLUMNS} FROM member_keys WHERE retired_at IS NULL ORDER BY created_at DESC, ord DESC LIMIT 1`,
      ),
    insert: (key) =>
      changedOne(
        sql,
        `INSERT INTO member_keys (kid, alg, public_key, private_key_pem, created_at, retired_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kid) DO NOTHING`,
        [key.kid, key.alg, key.publicKey, key.privateKeyPem, key.createdAt, key.retiredAt],
      ),
    retire: (kid, at) =>
      changedOne(sql, 'UPDATE member_keys SET retired_at = $1 WHERE kid = $2 AND retired_at IS NULL', [at, kid]),
  };
}

export function postgresMemberStore({ sql }: Pg): MemberStore {
  // The secret never changes once made (postgres/migrate.ts): read once per process.
  let secret: Promise<Buffer> | undefined;
  return {
    pseudonymSecret: () => {
      secret ??= one<{ value: Buffer }>(sql, 'SELECT value FROM hub_secrets WHERE name = $1', [
        'member-pseudonym',
      ]).then((row) => {
        if (!row) throw new Error('hub secret member-pseudonym is missing');
        return row.value;
      });
      // A failed read is not kept: the next call asks again.
      return secret.catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
    },
    revoke: async (member, at) => {
      await sql.query('INSERT INTO revoked_members (member, revoked_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        member,
        at,
      ]);
    },
    revoked: async () =>
      (await sql.query<{ member: string }>('SELECT member FROM revoked_members ORDER BY member')).rows.map(
        (r) => r.member,
      ),
    isRevoked: async (member) =>
      (await one(sql, 'SELECT 1 FROM revoked_members WHERE member = $1', [member])) !== undefined,
  };
}

export function postgresMemberAccessStore({ sql }: Pg): MemberAccessStore {
  return {
    addIntegration: (name, tokenHash, at) =>
      changedOne(
        sql,
        'INSERT INTO integration_keys (name, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [name, tokenHash, at],
      ),
    findIntegration: async (tokenHash) =>
      (
        await one<{ name: string }>(
          sql,
          'SELECT name FROM integration_keys WHERE token_hash = $1 AND revoked_at IS NULL',
          [tokenHash],
        )
      )?.name,
    revokeIntegration: (name, at) =>
      changedOne(sql, 'UPDATE integration_keys SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL', [at, name]),
    addLink: (tokenHash, member, category, at) =>
      changedOne(
        sql,
        `INSERT INTO member_links (token_hash, member, category, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [tokenHash, member, category, at],
      ),
    findLink: (tokenHash) =>
      one<MemberLink>(sql, 'SELECT member, category FROM member_links WHERE token_hash = $1 AND revoked_at IS NULL', [
        tokenHash,
      ]),
  };
}
