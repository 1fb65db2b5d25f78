import { changedOne, one, type Pg } from '../postgres/sql.ts';
import type { ScreenToken } from './schema.ts';
import type { ScreenStore } from './store.ts';

const COLUMNS = `id, name, district, created_at AS "createdAt", created_by AS "createdBy", revoked_at AS "revokedAt"`;

export function postgresScreenStore({ sql }: Pg): ScreenStore {
  return {
    create: async (s, tokenHash) => {
      await sql.query(
        `INSERT INTO screen_tokens (id, name, district, token_hash, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.id, s.name, s.district, tokenHash, s.createdAt, s.createdBy],
      );
    },
    list: async (limit) =>
      (
        await sql.query<ScreenToken>(
          `SELECT ${COLUMNS} FROM screen_tokens ORDER BY created_at DESC, id DESC LIMIT $1`,
          [limit],
        )
      ).rows,
    revoke: (id, at) =>
      changedOne(sql, 'UPDATE screen_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]),
    findByTokenHash: (hash) =>
      one<ScreenToken>(sql, `SELECT ${COLUMNS} FROM screen_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [
        hash,
      ]),
  };
}
