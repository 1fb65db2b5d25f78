import { changedOne, one, type Pg } from '../postgres/sql.ts';
import { OPERATOR_COLUMNS, type OperatorRow, toOperator } from './rows.ts';
import type { Operator } from './schema.ts';
import type { OperatorStore, SessionStore } from './store.ts';

const values = (o: Operator, passwordHash: string, at: string) => [
  o.username,
  passwordHash,
  o.role,
  o.district,
  o.city ?? null,
  o.province ?? null,
  at,
];

export function postgresOperatorStore({ sql }: Pg): OperatorStore {
  return {
    insert: (operator, passwordHash, at) =>
      changedOne(
        sql,
        `INSERT INTO operators (username, password_hash, role, district, city, province, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING`,
        values(operator, passwordHash, at),
      ),
    upsert: async (operator, passwordHash, at) => {
      await sql.query(
        `INSERT INTO operators (username, password_hash, role, district, city, province, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,
           district = excluded.district, city = excluded.city, province = excluded.province`,
        values(operator, passwordHash, at),
      );
    },
    get: async (username) => {
      const row = await one<OperatorRow & { password_hash: string }>(
        sql,
        `SELECT ${OPERATOR_COLUMNS}, o.password_hash FROM operators o WHERE o.username = $1`,
        [username],
      );
      return row && { ...toOperator(row), passwordHash: row.password_hash };
    },
  };
}

export function postgresSessionStore({ sql }: Pg): SessionStore {
  return {
    insert: async (idHash, username, createdAt, expiresAt) => {
      await sql.query('INSERT INTO sessions (id_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        idHash,
        username,
        createdAt,
        expiresAt,
      ]);
    },
    find: async (idHash, now) => {
      const row = await one<OperatorRow>(
        sql,
        `SELECT ${OPERATOR_COLUMNS} FROM sessions s JOIN operators o ON o.username = s.username
         WHERE s.id_hash = $1 AND s.expires_at > $2`,
        [idHash, now],
      );
      return row && toOperator(row);
    },
    delete: async (idHash) => {
      await sql.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    deleteExpired: async (now) => (await sql.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0,
  };
}
