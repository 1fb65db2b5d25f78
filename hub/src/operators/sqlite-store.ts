import type { Db } from '../sqlite/open-database.ts';
import type { Operator, OperatorRole } from './schema.ts';
import type { OperatorStore, SessionStore } from './store.ts';

interface OperatorRow {
  username: string;
  role: OperatorRole;
  district: string | null;
  password_hash: string;
}

export function sqliteOperatorStore(db: Db): OperatorStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO operators (username, password_hash, role, district, created_at)
     VALUES (@username, @passwordHash, @role, @district, @at)`,
  );
  const upsert = db.prepare(
    `INSERT INTO operators (username, password_hash, role, district, created_at)
     VALUES (@username, @passwordHash, @role, @district, @at)
     ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
       district = excluded.district`,
  );
  const get = db.prepare<[string], OperatorRow>(
    'SELECT username, role, district, password_hash FROM operators WHERE username = ?',
  );

  return {
    insert: async (operator, passwordHash, at) => insert.run({ ...operator, passwordHash, at }).changes === 1,
    upsert: async (operator, passwordHash, at) => {
      upsert.run({ ...operator, passwordHash, at });
    },
    get: async (username) => {
      const row = get.get(username);
      return row && { username: row.username, role: row.role, district: row.district, passwordHash: row.password_hash };
    },
  };
}

export function sqliteSessionStore(db: Db): SessionStore {
  const insert = db.prepare('INSERT INTO sessions (id_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, string], Operator>(
    `SELECT o.username, o.role, o.district FROM sessions s JOIN operators o ON o.username = s.username
     WHERE s.id_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insert: async (idHash, username, createdAt, expiresAt) => {
      insert.run(idHash, username, createdAt, expiresAt);
    },
    find: async (idHash, now) => find.get(idHash, now),
    delete: async (idHash) => {
      remove.run(idHash);
    },
    deleteExpired: async (now) => removeExpired.run(now).changes,
  };
}
