import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: the key of the transaction-scoped advisory lock that migrations run under. */
const MIGRATION_LOCK = 720_001;

/**
 * Brings the schema up to date: numbered `NNN-what.sql` files, applied in one transaction and recorded in
 * `schema_migrations`. Hubs starting together take a transaction-scoped advisory lock first, so exactly one
 * of them migrates and the others then find nothing to do (a session lock would not survive a pooler).
 */
export async function migrate(pool: Pool): Promise<number> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort();
  files.forEach((file, index) => {
    if (Number(file.slice(0, 3)) !== index + 1) throw new Error(`migration ${file} is out of sequence`);
  });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > files.length) {
      throw new Error(`database is at schema ${current}, newer than this program (${files.length})`);
    }
    // One transaction for all pending files: the lock is held to the end, and a failure leaves none applied.
    for (const [index, file] of files.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      await client.query(readFileSync(`${MIGRATIONS_DIR}${file}`, 'utf8'));
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
    }
    await client.query(
      `INSERT INTO hub_secrets (name, value) VALUES ('member-pseudonym', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32)],
    );
    await client.query('COMMIT');
    return files.length;
  } catch (error) {
    // The migration's own error is the one worth reporting; a failed rollback only ends the connection.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
