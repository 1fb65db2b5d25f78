import type { Db } from '../sqlite/open-database.ts';
import { OPERATOR_COLUMNS, type OperatorRow, toOperator } from './rows.ts';
import type { Operator } from './schema.ts';
import type { OperatorStore, SessionStore } from './store.ts';

export function sqliteOperatorStore(db: Db): OperatorStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO operators (username, password_hash, role, district, city, province, created_at)
     VALUES (@username, @passwordHash, @role, @district, @city, @province, @at)`,
  );
  const upsert = db.prepare(
    `INSERT INTO operators (username, password_hash, role, district, city, province, created_at)
     VALUES (@username, @passwordHash, @role, @district, @city, @province, @at)
     ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
       district = excluded.district, city = excluded.city, province = excluded.province`,
  );
  const get = db.prepare<[string], OperatorRow & { password_hash: string }>(
    `SELECT ${OPERATOR_COLUMNS}, o.password_hash FROM operators o WHERE o.username = ?`,
  );
  const row = (operator: Operator, passwordHash: string, at: string) => ({
    ...operator,
    city: operator.city ?? null,
    province: operator.province ?? null,
    passwordHash,
    at,
  });

  return {
    insert: async (operator, passwordHash, at) => insert.run(row(operator, passwordHash, at)).changes === 1,
    upsert: async (operator, passwordHash, at) => {
      upsert.run(row(operator, passwordHash, at));
    },
    get: async (username) => {
      const found = get.get(username);
      return found && { ...toOperator(found), passwordHash: found.password_hash };
    },
  };
}

export function sqliteSessionStore(db: Db): SessionStore {
  const insert = db.prepare('INSERT INTO sessions (id_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, string], OperatorRow>(
    `SELECT ${OPERATOR_COLUMNS} FROM sessions s JOIN operators o ON o.username = s.username
     WHERE s.id_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insert: async (idHash, username, createdAt, expiresAt) => {
      insert.run(idHash, username, createdAt, expiresAt);
    },
    find: async (idHash, now) => {
      const found = find.get(idHash, now);
      return found && toOperator(found);
    },
    delete: async (idHash) => {
      remove.run(idHash);
    },
    deleteExpired: async (now) => removeExpired.run(now).changes,
  };
}
