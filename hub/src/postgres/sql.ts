import type { Pool, PoolClient, QueryResultRow } from 'pg';

/**
 * What a store runs its SQL on: the pool, or the one client of a transaction. node-postgres's Pool and
 * PoolClient both are one, so every store works the same inside and outside `transaction`.
 */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A store's connection: plain queries, and units that must be atomic. */
export interface Pg {
  readonly sql: Sql;
  /** Runs `work` in a transaction on one client; inside `HubStore.transaction` it joins that one. */
  atomic<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** The pool's view: each atomic unit checks out a client, and always releases it. */
export function poolPg(pool: Pool): Pg {
  return { sql: pool, atomic: (work) => inTransaction(pool, work) };
}

/** A transaction's view: everything runs on its client and commits with it. */
export function clientPg(client: PoolClient): Pg {
  return { sql: client, atomic: (work) => work(client) };
}

/** Errors after which a transaction is rolled back whole and may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const ATTEMPTS = 5;

/**
 * Runs `work` in one transaction on one client, and always releases it. Two transactions that lock the same
 * rows in opposite orders (two hub processes, or concurrent units of work) may deadlock: PostgreSQL then
 * aborts one, which is run again from the start, a few times, after a short random pause. So `work` must do
 * nothing but through `client`: what it did is rolled back before it runs again.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(pool, work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

async function once<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // The unit's own error is the one to report; a client whose rollback fails is discarded, not reused.
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The first row, or undefined. */
export async function one<R extends QueryResultRow>(
  sql: Sql,
  text: string,
  values?: unknown[],
): Promise<R | undefined> {
  return (await sql.query<R>(text, values)).rows[0];
}

/** Whether the statement changed exactly one row. */
export async function changedOne(sql: Sql, text: string, values?: unknown[]): Promise<boolean> {
  return (await sql.query(text, values)).rowCount === 1;
}
