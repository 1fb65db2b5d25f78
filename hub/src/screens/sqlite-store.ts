import type { Db } from '../sqlite/open-database.ts';
import type { ScreenToken } from './schema.ts';
import type { ScreenStore } from './store.ts';

const COLUMNS = `id, name, district, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt`;

export function sqliteScreenStore(db: Db): ScreenStore {
  const create = db.prepare(
    `INSERT INTO screen_tokens (id, name, district, token_hash, created_at, created_by)
     VALUES (@id, @name, @district, @tokenHash, @createdAt, @createdBy)`,
  );
  const list = db.prepare<[number], ScreenToken>(
    `SELECT ${COLUMNS} FROM screen_tokens ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const revoke = db.prepare('UPDATE screen_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const find = db.prepare<[string], ScreenToken>(
    `SELECT ${COLUMNS} FROM screen_tokens WHERE token_hash = ? AND revoked_at IS NULL`,
  );
  return {
    create: async (screen, tokenHash) => {
      create.run({ ...screen, tokenHash });
    },
    list: async (limit) => list.all(limit),
    revoke: async (id, at) => revoke.run(at, id).changes === 1,
    findByTokenHash: async (hash) => find.get(hash),
  };
}
