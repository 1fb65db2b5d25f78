/**
 * PostgreSQL for tests and benchmarks: the server on these machines (127.0.0.1:5432, database `test`, trust
 * auth; `.ci/run` makes sure it is up). Each caller gets a schema of its own, so tests never see each
 * other's rows, and drops it when done. A server that cannot be reached fails the test: it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server and database the tests use; `YIZHAN_TEST_POSTGRES_URL` points elsewhere. */
export const TEST_POSTGRES_URL = process.env.YIZHAN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** A connection URL whose sessions use the schema (`options=-c search_path=…`). */
  url: string;
  name: string;
  /** Runs SQL in the schema on a connection of its own, as an outside observer. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function freshSchema(prefix = 'yz'): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = withSearchPath(TEST_POSTGRES_URL, name);
  return {
    url,
    name,
    async query(text, values) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Drops many test schemas over one connection, a few per statement (a drop each is a round trip and a commit). */
export async function dropSchemas(schemas: readonly TestSchema[]): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    // A few at a time: one transaction holds a lock on every object it drops.
    for (let i = 0; i < schemas.length; i += 8) {
      const names = schemas.slice(i, i + 8).map((s) => s.name);
      await admin.query(`DROP SCHEMA ${names.join(', ')} CASCADE`);
    }
  } finally {
    await admin.end();
  }
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
