/**
 * The event history's monthly partitions (`events_yYYYYmMM`, FOR VALUES FROM ('YYYY-MM') TO (next month)):
 * made ahead of time, and dropped whole when they pass the retention time, which costs no row-by-row delete.
 */
import type { Pool } from 'pg';
import { inTransaction, type Sql } from './sql.ts';

const PARTITION_LOCK = 720_002;

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const tableOf = (month: string) => `events_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

/**
 * The months from `months.back` before now to `months.ahead` after it have their partitions, and those of
 * months before `keepFrom` are dropped; in one transaction under a lock, so hubs starting together take turns.
 */
export async function keepEventPartitions(
  pool: Pool,
  nowMs: number,
  months: { back: number; ahead: number; keepFrom: string },
): Promise<string[]> {
  let month = monthOf(Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth() - months.back, 1));
  const last = monthOf(Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth() + months.ahead, 1));
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (;;) {
      await makePartition(client, month);
      if (month === last) break;
      month = nextMonth(month);
    }
    return dropEventPartitionsBefore(client, months.keepFrom);
  });
}

/**
 * The month's partition, if it is not there yet. Events of that month already held by the default partition
 * (a station whose clock ran ahead) move into it first: PostgreSQL refuses a partition whose rows the
 * default one holds, and the month would then never get its own.
 */
async function makePartition(sql: Sql, month: string): Promise<void> {
  const table = tableOf(month);
  const { rows } = await sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (rows[0]?.present) return;
  await sql.query(`CREATE TABLE ${table} (LIKE events INCLUDING DEFAULTS)`);
  await sql.query(
    `WITH moved AS (DELETE FROM events_default WHERE at >= $1 AND at < $2 RETURNING *)
     INSERT INTO ${table} SELECT * FROM moved`,
    [month, nextMonth(month)],
  );
  await sql.query(
    `ALTER TABLE events ATTACH PARTITION ${table} FOR VALUES FROM ('${month}') TO ('${nextMonth(month)}')`,
  );
}

/** The month ('YYYY-MM') `months` before the one of `nowMs`: the first month retention keeps. */
export function monthsBefore(nowMs: number, months: number): string {
  const now = new Date(nowMs);
  return monthOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + 1, 1));
}

/** Drops the partitions of months before `keepFrom` ('YYYY-MM'); returns the tables dropped. */
async function dropEventPartitionsBefore(sql: Sql, keepFrom: string): Promise<string[]> {
  // Dropping forgets which events were held: safe because a station never sends an acked event again (it
  // keeps them 7 days, then deletes them), and retention is counted in months.
  const { rows } = await sql.query<{ name: string }>(
    // The partitions of this schema's events table (several hubs' schemas may share one database).
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_y[0-9]{4}m[0-9]{2}$'`,
  );
  const old = rows.map((r) => r.name).filter((name) => name < tableOf(keepFrom));
  for (const name of old) await sql.query(`DROP TABLE ${name}`);
  return old.sort();
}
